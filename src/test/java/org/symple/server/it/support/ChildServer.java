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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;

/**
 * Another instance of the server in a process of its own: the packaged WAR on Payara Micro (fetched by the build
 * into target/payara) at context root "/" on a free port. It can be stopped gracefully or killed like a crashed
 * machine (SIGKILL).
 */
public final class ChildServer implements OperatedServer {

    private static final File PAYARA_MICRO = new File("target/payara/payara-micro.jar");
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
                    "--nocluster", "--contextroot", "/"))
                    .redirectErrorStream(true).redirectOutput(new File(dir, "server.log")).start();
            return new ChildServer(name, port, process);
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

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
