package org.symple.server.it.support;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Assumptions;

/**
 * A real TURN server for one test class: Debian's coturn ({@code turnserver}) on 127.0.0.1, on a free port, in the
 * REST credential mode ({@code --use-auth-secret}) with the given secret, relaying between loopback addresses, its
 * files in a temporary directory, in the foreground (no daemon), verbose so that its log names every allocation.
 * Lives until the test JVM exits (then its directory goes too); stoppable and restartable on the same ports. Where
 * turnserver is missing, the calling test is skipped, except in CI ({@code CI=true}), where that fails it.
 */
public final class CoturnFixture implements AutoCloseable {

    private static final File TURNSERVER = new File(System.getProperty("symple.test.turnserver", "/usr/bin/turnserver"));
    private static final File UCLIENT = new File(System.getProperty("symple.test.turnutils", "/usr/bin/turnutils_uclient"));
    private static final Duration STARTUP = Duration.ofSeconds(20);
    private static final int RELAY_PORTS = 40;

    private final String secret;
    private final int port;
    private final int relayPorts;
    private final Path dir;
    private Process process;

    private CoturnFixture(String secret, int port, int relayPorts, Path dir) {
        this.secret = secret;
        this.port = port;
        this.relayPorts = relayPorts;
        this.dir = dir;
    }

    /** Whether turnserver and turnutils_uclient are installed. */
    public static boolean installed() {
        return TURNSERVER.canExecute() && UCLIENT.canExecute();
    }

    /** Skips (locally) or fails (in CI) unless coturn is installed. */
    public static void require() {
        if (!installed() && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI needs " + TURNSERVER + " and " + UCLIENT
                    + " (apt-get install coturn) for the TURN tests");
        }
        Assumptions.assumeTrue(installed(), "TURN tests skipped: " + TURNSERVER + " or " + UCLIENT
                + " is not installed (apt-get install coturn)");
    }

    /** Starts a TURN server that accepts credentials made with {@code secret}. */
    public static CoturnFixture start(String secret) {
        try {
            Path dir = Files.createTempDirectory("symple-coturn");
            CoturnFixture turn = new CoturnFixture(secret, freePort(), freeRelayRange(), dir);
            turn.startProcess();
            Runtime.getRuntime().addShutdownHook(new Thread(turn::close));
            return turn;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value for SYMPLE_TURN_URLS. */
    public String turnUrl() {
        return "turn:127.0.0.1:" + port + "?transport=udp";
    }

    /** The value for SYMPLE_STUN_URLS. */
    public String stunUrl() {
        return "stun:127.0.0.1:" + port;
    }

    /**
     * The password for a user name in the REST scheme, computed here independently of the server's code:
     * Base64(HMAC-SHA1(secret, username)).
     */
    public static String password(String secret, String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Allocates relays with coturn's own client ({@code turnutils_uclient}: two clients, each with a relay, sending
     * to each other through both) and returns whether the server granted them.
     */
    public Allocation allocate(String username, String password) {
        List<String> command = List.of(UCLIENT.getPath(), "-p", String.valueOf(port), "-u", username, "-w", password,
                "-n", "2", "-y", "-e", "127.0.0.1", "127.0.0.1");
        try {
            Process client = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!client.waitFor(60, TimeUnit.SECONDS)) {
                client.destroyForcibly();
                throw new IllegalStateException("turnutils_uclient did not finish: " + output);
            }
            return new Allocation(client.exitValue() == 0 && output.contains("Total lost packets 0"), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What the server logged so far. */
    public String log() {
        try {
            Path log = dir.resolve("turn.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the server granted an allocation to a user name ending in {@code ":" + user}. */
    public boolean allocatedFor(String user) {
        return log().lines().anyMatch(line -> line.contains(":" + user + ">: incoming packet ALLOCATE processed, success"));
    }

    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** Starts the server again on the same ports. */
    public synchronized void restart() {
        stop();
        startProcess();
    }

    /** Stops the server and deletes its directory. */
    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // already gone
        }
    }

    private synchronized void startProcess() {
        List<String> command = new ArrayList<>(List.of(TURNSERVER.getPath(), "-n", "-v",
                "--listening-ip", "127.0.0.1", "--listening-port", String.valueOf(port),
                "--relay-ip", "127.0.0.1", "--min-port", String.valueOf(relayPorts),
                "--max-port", String.valueOf(relayPorts + RELAY_PORTS - 1),
                "--use-auth-secret", "--static-auth-secret=" + secret, "--realm", "symple.test",
                "--allow-loopback-peers", "--no-tls", "--no-dtls", "--no-cli",
                "--log-file", dir.resolve("turn.log").toString(), "--simple-log",
                "--pidfile", dir.resolve("turnserver.pid").toString(), "--userdb", dir.resolve("turndb").toString()));
        try {
            Files.deleteIfExists(dir.resolve("turn.log"));
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process started = process;
        await().atMost(STARTUP).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!started.isAlive()) {
                throw new IllegalStateException("turnserver exited at start; see " + dir);
            }
            return log().contains("Total General servers");
        });
    }

    /** A port free for both UDP and TCP on loopback (TURN listens on both). */
    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                    DatagramSocket udp = new DatagramSocket(tcp.getLocalPort(), InetAddress.getLoopbackAddress())) {
                return tcp.getLocalPort();
            } catch (IOException taken) {
                // the UDP side is in use: try another
            }
        }
        throw new IOException("no free port for UDP and TCP");
    }

    /**
     * The first of RELAY_PORTS consecutive UDP ports that are free now, below Linux's ephemeral range (32768 and up),
     * so that no client socket takes one of them meanwhile.
     */
    private static int freeRelayRange() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int first = 20_000 + ThreadLocalRandom.current().nextInt(10_000);
            if (udpFree(first, RELAY_PORTS)) {
                return first;
            }
        }
        throw new IOException("no free range of " + RELAY_PORTS + " UDP ports");
    }

    private static boolean udpFree(int first, int count) {
        for (int port = first; port < first + count; port++) {
            try (DatagramSocket probe = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
                // free
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }

    /** The outcome of one {@link #allocate} run and the client's output. */
    public record Allocation(boolean granted, String output) {
    }
}
