package org.symple.server.it.support;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.symple.server.testing.Ports;
import redis.clients.jedis.Jedis;

/**
 * Redis as production runs it behind Sentinel, as real processes on loopback: one master, one replica and three
 * sentinels (quorum 2), each on a free port. The master can be killed with SIGKILL; the
 * sentinels then promote the replica. Everything lives until the test JVM exits (so that the deployments using it
 * are undeployed first), or until {@link #close()}.
 */
public final class SentinelFixture implements AutoCloseable {

    /** The master name the sentinels monitor. */
    public static final String MASTER = "symple";
    private static final Duration STARTUP = Duration.ofSeconds(30);

    private final Path binary = RedisFixture.binary();
    private final int masterPort = Ports.free();
    private final int replicaPort = Ports.free();
    private final List<Integer> sentinelPorts = List.of(Ports.free(), Ports.free(), Ports.free());
    private final List<Process> processes = new ArrayList<>();
    private final Duration downAfter;
    private Process master;

    private SentinelFixture(Duration downAfter) {
        this.downAfter = downAfter;
    }

    /**
     * Starts master, replica and sentinels, which consider a master down after it has not answered for
     * {@code downAfter}; returns once the sentinels know the replica and each other.
     */
    public static SentinelFixture start(Duration downAfter) {
        SentinelFixture fixture = new SentinelFixture(downAfter);
        Runtime.getRuntime().addShutdownHook(new Thread(fixture::close));
        fixture.startAll();
        return fixture;
    }

    /** The value for SYMPLE_REDIS_SENTINELS. */
    public String sentinels() {
        return sentinelPorts.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
    }

    public int masterPort() {
        return masterPort;
    }

    public int replicaPort() {
        return replicaPort;
    }

    /** The port of the master as the first sentinel names it now. */
    public int currentMasterPort() {
        try (Jedis sentinel = new Jedis("127.0.0.1", sentinelPorts.get(0), 2000)) {
            return sentinel.sentinelGetMasterAddrByName(MASTER).stream().skip(1).findFirst().map(Integer::parseInt).orElse(-1);
        }
    }

    /** A connection to the current master; close it after use. */
    public Jedis master() {
        return new Jedis("127.0.0.1", currentMasterPort(), 2000);
    }

    /** Kills the master process with SIGKILL, like a machine that dies. */
    public synchronized void killMaster() {
        master.destroyForcibly();
        try {
            master.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until every sentinel names the former replica as the master. */
    public void awaitFailover(Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> {
            for (int port : sentinelPorts) {
                try (Jedis sentinel = new Jedis("127.0.0.1", port, 1000)) {
                    if (!String.valueOf(replicaPort).equals(sentinel.sentinelGetMasterAddrByName(MASTER).get(1))) {
                        return false;
                    }
                }
            }
            try (Jedis promoted = new Jedis("127.0.0.1", replicaPort, 1000)) {
                return promoted.info("replication").contains("role:master");
            }
        });
    }

    @Override
    public synchronized void close() {
        for (Process process : processes) {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
        for (Process process : processes) {
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private synchronized void startAll() {
        master = launch("redis-" + masterPort, List.of("--port", String.valueOf(masterPort)));
        awaitPing(masterPort);
        launch("redis-" + replicaPort, List.of("--port", String.valueOf(replicaPort),
                "--replicaof", "127.0.0.1", String.valueOf(masterPort)));
        await().atMost(STARTUP).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
            try (Jedis replica = new Jedis("127.0.0.1", replicaPort, 1000)) {
                return replica.info("replication").contains("master_link_status:up");
            }
        });
        for (int port : sentinelPorts) {
            Path dir = RedisFixture.workDir("sentinel-" + port);
            Path config = dir.resolve("sentinel.conf");
            try {
                Files.writeString(config, String.join("\n",
                        "port " + port,
                        "bind 127.0.0.1",
                        "daemonize no",
                        "dir " + dir,
                        "sentinel monitor " + MASTER + " 127.0.0.1 " + masterPort + " 2",
                        "sentinel down-after-milliseconds " + MASTER + " " + downAfter.toMillis(),
                        "sentinel failover-timeout " + MASTER + " 10000",
                        "sentinel parallel-syncs " + MASTER + " 1", ""));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            processes.add(start("sentinel-" + port, List.of(binary.toString(), config.toString(), "--sentinel")));
        }
        await().atMost(STARTUP).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            for (int port : sentinelPorts) {
                try (Jedis sentinel = new Jedis("127.0.0.1", port, 1000)) {
                    Map<String, String> state = sentinel.sentinelMaster(MASTER);
                    if (!"1".equals(state.get("num-slaves")) || !"2".equals(state.get("num-other-sentinels"))) {
                        return false;
                    }
                }
            }
            return true;
        });
    }

    private Process launch(String name, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--daemonize", "no", "--dir", RedisFixture.workDir(name).toString()));
        command.addAll(arguments);
        Process process = start(name, command);
        processes.add(process);
        return process;
    }

    private static Process start(String name, List<String> command) {
        File log = new File("target/" + name + ".log");
        try {
            return new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
    }

    private static void awaitPing(int port) {
        await().atMost(STARTUP).pollInterval(Duration.ofMillis(20)).ignoreExceptions().until(() -> {
            try (Jedis jedis = new Jedis("127.0.0.1", port, 1000)) {
                return "PONG".equals(jedis.ping());
            }
        });
    }
}
