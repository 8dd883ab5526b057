package org.symple.server.it.support;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.symple.server.testing.Ports;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

/**
 * A disposable redis-server on loopback for one test class: a free port, no persistence, stoppable and restartable
 * on the same port. It lives until the test JVM exits (not only until the class ends), so that the deployment
 * using it is undeployed before its Redis goes away. The binary is {@code redis-server} from the PATH (Debian package redis-server), else the one
 * shipped in the embedded-redis test artifact, so a machine with only a JDK and Maven can run the tests.
 */
public final class RedisFixture implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(10);

    private final Path binary;
    private final int port;
    private Process process;

    private RedisFixture(Path binary, int port) {
        this.binary = binary;
        this.port = port;
    }

    /** Starts a new server on a free port. */
    public static RedisFixture start() {
        RedisFixture redis = new RedisFixture(binary(), Ports.free());
        redis.startProcess();
        Runtime.getRuntime().addShutdownHook(new Thread(redis::stop));
        return redis;
    }

    public int port() {
        return port;
    }

    /** The value for SYMPLE_REDIS_URL. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** A new client connection; close it after use. */
    public Jedis client() {
        return new Jedis("127.0.0.1", port, 2000);
    }

    public void set(String key, String value, long expireSeconds) {
        try (Jedis jedis = client()) {
            jedis.set(key, value, SetParams.setParams().ex(expireSeconds));
        }
    }

    /** Remaining lifetime of a key in seconds: -1 without expiry, -2 when the key does not exist. */
    public long ttl(String key) {
        try (Jedis jedis = client()) {
            return jedis.ttl(key);
        }
    }

    public void expire(String key, long seconds) {
        try (Jedis jedis = client()) {
            jedis.expire(key, seconds);
        }
    }

    /** Publishes on a channel; returns how many subscribers received it. */
    public long publish(String channel, String message) {
        try (Jedis jedis = client()) {
            return jedis.publish(channel, message);
        }
    }

    /** How many connections subscribe to the channel. */
    public long subscribers(String channel) {
        try (Jedis jedis = client()) {
            return jedis.pubsubNumSub(channel).getOrDefault(channel, 0L);
        }
    }

    /** Kills the server (as an outage would); the port stays reserved for {@link #restart()}. */
    public synchronized void stop() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Freezes the server (SIGSTOP): connections stay open and the port accepts new ones, but nothing is answered,
     * as with an overloaded or hung Redis. False where signals cannot be sent.
     */
    public synchronized boolean pause() {
        return signal("-STOP");
    }

    /** Lets a paused server go on (SIGCONT). */
    public synchronized boolean resume() {
        return signal("-CONT");
    }

    private boolean signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", signal, String.valueOf(process.pid())).redirectErrorStream(true).start();
            return kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Starts the server again on the same port, empty; returns when it answers PING. */
    public synchronized void restart() {
        stop();
        startProcess();
    }

    @Override
    public void close() {
        stop();
    }

    private synchronized void startProcess() {
        File log = new File("target/redis-" + port + ".log");
        try {
            process = new ProcessBuilder(List.of(binary.toString(), "--port", String.valueOf(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no",
                    "--dir", workDir("redis-" + port).toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue() + "; see " + log);
            }
            try (Jedis jedis = client()) {
                if ("PONG".equals(jedis.ping())) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // still starting
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("redis-server did not answer within " + STARTUP.toSeconds() + " s; see " + log);
    }

    /**
     * A new, empty working directory under target/redis-data for one redis-server process: whatever it writes (a
     * replica's or a replicated master's RDB file, a sentinel's state) stays out of the work tree, and a restart
     * never loads an earlier run's data.
     */
    static Path workDir(String name) {
        try {
            Path parent = Files.createDirectories(Path.of("target", "redis-data"));
            return Files.createTempDirectory(parent, name + "-").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code -Dredis.server=path}, else redis-server on the PATH, else the binary shipped by embedded-redis
     * ({@code -Dredis.server=embedded} picks that one even when the PATH has one).
     */
    static Path binary() {
        String configured = System.getProperty("redis.server", "");
        if (configured.equals("embedded")) {
            return shippedBinary();
        }
        if (!configured.isBlank()) {
            return Path.of(configured);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return shippedBinary();
    }

    private static Path shippedBinary() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String resource = arch.contains("aarch64") || arch.contains("arm64")
                ? "redis-server-6.2.7-linux-arm64" : "redis-server-6.2.6-v5-linux-amd64";
        try (InputStream in = RedisFixture.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no redis-server on the PATH and no " + resource + " on the test class path");
            }
            Path target = Path.of("target", "redis-bin", resource);
            synchronized (RedisFixture.class) {
                if (!Files.isExecutable(target)) {
                    Files.createDirectories(target.getParent());
                    Path partial = Files.createTempFile(target.getParent(), resource, ".part");
                    Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                    partial.toFile().setExecutable(true);
                    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
