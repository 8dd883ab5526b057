package org.symple.server.it.support;

import static org.awaitility.Awaitility.await;

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
 * A WildFly server of its own from the distribution the build provisioned ({@code jboss.home}): a fresh base
 * directory, every port shifted by one offset to a free range, and the packaged WAR deployed as ROOT.war through a
 * {@code <deployments>} entry (the slim provisioning has no deployment scanner).
 */
public final class WildFlyChild implements OperatedServer {

    private static final Duration STARTUP = Duration.ofSeconds(180);
    private static final int HTTP = 8080;
    private static final int[] OTHER_PORTS = {8443, 9990, 9993};

    private final String name;
    private final int port;
    private final Process process;

    private WildFlyChild(String name, int port, Process process) {
        this.name = name;
        this.port = port;
        this.process = process;
    }

    /** Starts the WAR with these settings; returns once it answers HTTP. */
    public static WildFlyChild start(String name, Map<String, String> settings) {
        Path home = Path.of(System.getProperty("jboss.home", "target/wildfly")).toAbsolutePath();
        Path base = Path.of("target", "wildfly-child-" + name).toAbsolutePath();
        int offset = freeOffset();
        try {
            Path configuration = base.resolve("configuration");
            Files.createDirectories(configuration);
            Path war = base.resolve("symple.war");
            Deployments.war(name, settings).as(ZipExporter.class).exportTo(war.toFile(), true);
            try (var files = Files.list(home.resolve("standalone/configuration"))) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    if (Files.isRegularFile(file)) {
                        Files.copy(file, configuration.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            Path standalone = configuration.resolve("standalone.xml");
            String xml = Files.readString(standalone);
            int end = xml.lastIndexOf("</server>");
            Files.writeString(standalone, xml.substring(0, end) + "    <deployments>\n"
                    + "        <deployment name=\"ROOT.war\" runtime-name=\"ROOT.war\"><fs-archive path=\"" + war + "\"/></deployment>\n"
                    + "    </deployments>\n" + xml.substring(end));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            // standalone.sh as a service manager runs it: in the background mode the script passes SIGTERM on to the JVM
            ProcessBuilder builder = new ProcessBuilder(List.of(home.resolve("bin/standalone.sh").toString(),
                    "-Djboss.server.base.dir=" + base, "-Djboss.socket.binding.port-offset=" + offset,
                    "-Djboss.bind.address=127.0.0.1",
                    "-Dio.undertow.websockets.core.read-timeout=0", "-Dio.undertow.websockets.core.write-timeout=0"))
                    .redirectErrorStream(true).redirectOutput(base.resolve("console.log").toFile());
            builder.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "1");
            builder.environment().put("JAVA_OPTS", "-Xmx384m -Djava.net.preferIPv4Stack=true");
            Process process = builder.start();
            WildFlyChild server = new WildFlyChild(name, HTTP + offset, process);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public URI uri() {
        return URI.create("ws://127.0.0.1:" + port + "/");
    }

    @Override
    public void terminate() {
        process.destroy();
        try {
            process.waitFor(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            terminate();
            process.destroyForcibly();
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        URI index = URI.create("http://127.0.0.1:" + port + "/");
        await().atMost(STARTUP).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("WildFly " + name + " exited; see its console.log");
            }
            return http.send(HttpRequest.newBuilder(index).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        });
    }

    /** An offset that puts HTTP and the other listeners of the default configuration on free ports. */
    private static int freeOffset() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int offset;
            try (ServerSocket socket = new ServerSocket(0)) {
                offset = socket.getLocalPort() - HTTP;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (offset > 0 && OTHER_PORTS[OTHER_PORTS.length - 1] + offset < 65536 && allFree(offset)) {
                return offset;
            }
        }
        throw new IllegalStateException("no free port range for a second WildFly");
    }

    private static boolean allFree(int offset) {
        for (int base : OTHER_PORTS) {
            try (ServerSocket socket = new ServerSocket(base + offset)) {
                socket.getLocalPort();
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }
}
