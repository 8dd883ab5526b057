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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;

/**
 * An Open Liberty server of its own, started and stopped with Liberty's {@code server} script from the runtime the
 * build installed ({@code liberty.home}), with the packaged WAR at "/" on a free port, in its own user directory.
 */
public final class LibertyChild implements OperatedServer {

    private static final Duration STARTUP = Duration.ofSeconds(180);

    private final String name;
    private final int port;
    private final Path userDir;

    private LibertyChild(String name, int port, Path userDir) {
        this.name = name;
        this.port = port;
        this.userDir = userDir;
    }

    /** Creates the server with these settings and starts it; returns once the application answers HTTP. */
    public static LibertyChild start(String name, Map<String, String> settings) {
        int port = freePort();
        // the port makes the name unique on the machine; Liberty's test adapter matches running servers by name
        LibertyChild server = new LibertyChild(name + "-" + port, port, Path.of("target", "liberty-child").toAbsolutePath());
        Path dir = server.userDir.resolve("servers").resolve(server.name);
        try {
            Files.createDirectories(dir.resolve("apps"));
            Deployments.war(name, settings).as(ZipExporter.class).exportTo(dir.resolve("apps").resolve("symple.war").toFile(), true);
            Files.writeString(dir.resolve("server.xml"), String.join("\n",
                    "<server>",
                    "  <featureManager>",
                    "    <feature>websocket-2.1</feature><feature>cdi-4.0</feature><feature>jsonb-3.0</feature>",
                    "    <feature>jsonp-2.1</feature><feature>concurrent-3.0</feature><feature>servlet-6.0</feature>",
                    "  </featureManager>",
                    "  <httpEndpoint id=\"defaultHttpEndpoint\" host=\"127.0.0.1\" httpPort=\"" + port
                            + "\" httpsPort=\"-1\" protocolVersion=\"http/1.1\"/>",
                    "  <webApplication location=\"symple.war\" contextRoot=\"/\"/>",
                    "</server>", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.script("start");
        server.awaitReady();
        return server;
    }

    @Override
    public URI uri() {
        return URI.create("ws://127.0.0.1:" + port + "/");
    }

    /** {@code server stop}: Liberty's own stop command, with its quiesce stage. */
    public void serverStop() {
        script("stop");
    }

    @Override
    public void terminate() {
        ProcessHandle jvm = pid().flatMap(ProcessHandle::of).orElseThrow(() -> new IllegalStateException(name + " is not running"));
        jvm.destroy();
        try {
            jvm.onExit().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(name + " did not exit after SIGTERM", e);
        }
    }

    @Override
    public void close() {
        pid().flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive).ifPresent(jvm -> script("stop"));
    }

    private Optional<Long> pid() {
        Path file = userDir.resolve("servers").resolve(".pid").resolve(name + ".pid");
        try {
            return Files.isRegularFile(file) ? Optional.of(Long.parseLong(Files.readString(file).trim())) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void script(String action) {
        File home = new File(System.getProperty("liberty.home", "target/liberty/wlp"));
        ProcessBuilder builder = new ProcessBuilder(List.of(new File(home, "bin/server").getAbsolutePath(), action, name))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(userDir.resolve(name + "-script.log").toFile()));
        builder.environment().put("WLP_USER_DIR", userDir.toString());
        try {
            Process process = builder.start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("server " + action + " " + name + " did not finish");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        URI index = URI.create("http://127.0.0.1:" + port + "/");
        await().atMost(STARTUP).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() ->
                http.send(HttpRequest.newBuilder(index).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
