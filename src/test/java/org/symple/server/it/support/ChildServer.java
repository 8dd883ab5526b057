package org.symple.server.it.support;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;

/**
 * Another instance of the server in a process of its own: the packaged WAR on Payara Micro (fetched by the build
 * into target/payara) at context root "/" on a free port, or the standalone runner's jar. It can be stopped gracefully or killed like a crashed
 * machine (SIGKILL).
 */
public final class ChildServer implements OperatedServer {

    /** The Payara Micro jar the build copies in pre-integration-test. */
    public static final File PAYARA_MICRO = new File("target/payara/payara-micro.jar");
    /** The bundled Payara tuning every Payara Micro of the tests starts with. */
    public static final File PAYARA_TUNING = new File("src/main/payara/preboot-commands.txt");
    private static final File STANDALONE_JAR = new File("target/symple-server-standalone.jar");
    private static final Duration STARTUP = Duration.ofSeconds(180);

    private final String name;
    private final int port;
    private final Process process;

    private ChildServer(String name, int port, Process process) {
        this.name = name;
        this.port = port;
        this.process = process;
    }

    /** Starts the WAR with these settings ({@code name} names its files); call {@link #awaitReady()} before use. */
    public static ChildServer start(String name, Map<String, String> settings) {
        File dir = new File("target/child-" + name);
        dir.mkdirs();
        File war = new File(dir, name + ".war");
        Deployments.war(name, settings).as(ZipExporter.class).exportTo(war, true);
        int port = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        try {
            Process process = new ProcessBuilder(List.of(java, "-Xmx384m", "-Djava.io.tmpdir=" + dir.getAbsolutePath(),
                    "-jar", PAYARA_MICRO.getAbsolutePath(), "--deploy", war.getAbsolutePath(), "--port", String.valueOf(port),
                    "--nocluster", "--contextroot", "/", "--prebootcommandfile", PAYARA_TUNING.getAbsolutePath()))
                    .redirectErrorStream(true).redirectOutput(new File(dir, "server.log")).start();
            return new ChildServer(name, port, process);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts the standalone runner ({@code target/symple-server-standalone.jar}, built by {@code -Pstandalone}) with
     * these settings as its environment, instead of inherited ones, on a free loopback port.
     */
    public static ChildServer standalone(String name, Map<String, String> settings) {
        File dir = new File("target/child-" + name);
        dir.mkdirs();
        int port = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx256m", "-jar", STANDALONE_JAR.getAbsolutePath()))
                .redirectErrorStream(true).redirectOutput(new File(dir, "server.log"));
        builder.environment().keySet().removeIf(key -> key.startsWith("SYMPLE_") || key.equals("PORT") || key.contains("REDIS_"));
        builder.environment().putAll(settings);
        builder.environment().put("SYMPLE_PORT", String.valueOf(port));
        builder.environment().put("SYMPLE_HOST", "127.0.0.1");
        try {
            return new ChildServer(name, port, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the application answers HTTP. */
    public ChildServer awaitReady() {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        URI index = URI.create("http://127.0.0.1:" + port + "/");
        await().atMost(STARTUP).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("instance " + name + " exited; see target/child-" + name + "/server.log");
            }
            return http.send(HttpRequest.newBuilder(index).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        });
        return this;
    }

    @Override
    public URI uri() {
        return URI.create("ws://127.0.0.1:" + port + "/");
    }

    public int port() {
        return port;
    }

    /** Waits until the process exits by itself and returns its exit status. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("instance " + name + " still runs after " + timeout);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What the process wrote to its standard output and error so far. */
    public String log() {
        try {
            return Files.readString(Path.of("target/child-" + name, "server.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills the process without any chance to clean up, like a machine that dies. */
    public void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    @Override
    public void terminate() {
        process.destroy();
        waitForExit();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            waitForExit();
            if (process.isAlive()) {
                kill();
            }
        }
    }

    private void waitForExit() {
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
