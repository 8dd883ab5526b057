package org.symple.server.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The servers a {@link Launcher} starts, each from what the build put under target/: how it lays out a server that
 * serves some WARs in a directory of its own, and the command that runs it in the foreground.
 */
public enum Product {

    /**
     * Open Liberty from the runtime the build installs ({@code liberty.home}, else target/liberty/wlp), with its own
     * user directory, run by {@code server run}; its own {@code server stop} works on it as well.
     */
    LIBERTY {
        private static final String FEATURES = Stream.of("websocket-2.1", "cdi-4.0", "jsonb-3.0", "jsonp-2.1",
                "concurrent-3.0", "servlet-6.0").map(feature -> "<feature>" + feature + "</feature>").collect(Collectors.joining());

        @Override
        Path installation() {
            return Path.of(System.getProperty("liberty.home", "target/liberty/wlp"), "bin", "server").toAbsolutePath();
        }

        @Override
        Layout lay(Path dir, int port, List<Launcher.App> apps, List<String> jvmOptions) throws IOException {
            Path script = installation();
            // the port makes the name unique on the machine; Liberty's test adapter matches running servers by name
            String server = dir.getFileName() + "-" + port;
            Path userDir = dir.resolve("usr");
            Path serverDir = userDir.resolve("servers").resolve(server);
            Files.createDirectories(serverDir);
            Files.writeString(serverDir.resolve("server.xml"), "<server><featureManager>" + FEATURES + "</featureManager>"
                    + "<httpEndpoint id=\"defaultHttpEndpoint\" host=\"127.0.0.1\" httpPort=\"" + port
                    + "\" httpsPort=\"-1\" protocolVersion=\"http/1.1\"/>"
                    + apps.stream().map(app -> "<webApplication location=\"" + app.war().getAbsolutePath()
                            + "\" contextRoot=\"" + app.contextRoot() + "\"/>").collect(Collectors.joining())
                    + "<applicationManager autoExpand=\"true\"/></server>\n");
            if (!jvmOptions.isEmpty()) {
                Files.write(serverDir.resolve("jvm.options"), jvmOptions);
            }
            Map<String, String> environment = Map.of("WLP_USER_DIR", userDir.toString());
            return new Layout(List.of(script.toString(), "run", server), environment,
                    List.of(script.toString(), "stop", server));
        }
    },

    /**
     * WildFly from the slim provisioning the build makes ({@code jboss.home}, else target/wildfly), with its own base
     * directory whose standalone.xml deploys the WARs, the one at "/" as ROOT.war (the slim server has no deployment
     * scanner). Every port is shifted by one offset: HTTP 8080 + offset is the server's port.
     */
    WILDFLY {
        private static final int HTTP = 8080;
        /** HTTPS, management HTTP and HTTPS of the default configuration: they must be free at the same offset. */
        private static final int[] OTHER_PORTS = {8443, 9990, 9993};

        @Override
        Path installation() {
            return Path.of(System.getProperty("jboss.home", "target/wildfly")).toAbsolutePath();
        }

        @Override
        Layout lay(Path dir, int port, List<Launcher.App> apps, List<String> jvmOptions) throws IOException {
            Path home = installation();
            Path base = dir.resolve("base");
            Path configuration = base.resolve("configuration");
            Files.createDirectories(configuration);
            try (Stream<Path> files = Files.list(home.resolve("standalone/configuration"))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(file, configuration.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            StringBuilder deployments = new StringBuilder("    <deployments>\n");
            for (Launcher.App app : apps) {
                String name = app.contextRoot().equals("/") ? "ROOT.war" : app.contextRoot().substring(1) + ".war";
                Path copy = dir.resolve(name);
                if (!copy.equals(app.war().toPath().toAbsolutePath())) {
                    Files.copy(app.war().toPath(), copy, StandardCopyOption.REPLACE_EXISTING);
                }
                deployments.append("        <deployment name=\"").append(name).append("\" runtime-name=\"").append(name)
                        .append("\"><fs-archive path=\"").append(copy).append("\"/></deployment>\n");
            }
            Path standalone = configuration.resolve("standalone.xml");
            String xml = Files.readString(standalone);
            int end = xml.lastIndexOf("</server>");
            Files.writeString(standalone, xml.substring(0, end) + deployments + "    </deployments>\n" + xml.substring(end));
            List<String> command = List.of(home.resolve("bin/standalone.sh").toString(),
                    "-Djboss.server.base.dir=" + base, "-Djboss.socket.binding.port-offset=" + (port - HTTP),
                    "-Djboss.bind.address=127.0.0.1", "-Djboss.bind.address.management=127.0.0.1",
                    "-Dio.undertow.websockets.core.read-timeout=0", "-Dio.undertow.websockets.core.write-timeout=0");
            // JAVA_OPTS replaces the script's defaults, IPv4 preference included
            Map<String, String> environment = jvmOptions.isEmpty() ? Map.of()
                    : Map.of("JAVA_OPTS", String.join(" ", jvmOptions) + " -Djava.net.preferIPv4Stack=true");
            return new Layout(command, environment, null);
        }

        /** A port whose offset from 8080 also puts the other listeners of the default configuration on free ports. */
        @Override
        int freePort() {
            for (int attempt = 0; attempt < 50; attempt++) {
                int offset = Ports.free() - HTTP;
                if (offset > 0 && OTHER_PORTS[OTHER_PORTS.length - 1] + offset < 65536
                        && Arrays.stream(OTHER_PORTS).allMatch(other -> Ports.isFree(other + offset))) {
                    return HTTP + offset;
                }
            }
            throw new IllegalStateException("no free port range for WildFly");
        }
    },

    /**
     * Payara Micro from the jar the build copies into target/payara, with the bundled pre-boot tuning
     * (src/main/payara/preboot-commands.txt). Payara Micro's {@code --contextroot} applies to the first deployment,
     * so the WAR at "/" goes first and the others are served under their file names.
     */
    PAYARA {
        private static final File TUNING = new File("src/main/payara/preboot-commands.txt");

        @Override
        Path installation() {
            return Path.of("target/payara/payara-micro.jar").toAbsolutePath();
        }

        @Override
        Layout lay(Path dir, int port, List<Launcher.App> apps, List<String> jvmOptions) {
            List<String> command = new ArrayList<>(List.of(java()));
            command.addAll(jvmOptions);
            command.addAll(List.of("-Djava.io.tmpdir=" + dir, "-jar", installation().toString()));
            for (Launcher.App app : apps.stream().sorted(Comparator.comparing(app -> !app.contextRoot().equals("/"))).toList()) {
                String byFileName = "/" + app.war().getName().replaceFirst("\\.war$", "");
                if (!app.contextRoot().equals("/") && !app.contextRoot().equals(byFileName)) {
                    throw new IllegalArgumentException("Payara Micro serves " + app.war() + " at " + byFileName);
                }
                command.addAll(List.of("--deploy", app.war().getAbsolutePath()));
            }
            command.addAll(List.of("--contextroot", "/", "--port", String.valueOf(port), "--nocluster",
                    "--prebootcommandfile", TUNING.getAbsolutePath()));
            return new Layout(command, Map.of(), null);
        }
    },

    /**
     * The standalone runner's jar ({@code target/symple-server-standalone.jar}, built by {@code -Pstandalone}) as a
     * user starts it, on a loopback port; it serves the packaged application itself and takes no WARs.
     */
    STANDALONE {
        @Override
        Path installation() {
            return Path.of("target/symple-server-standalone.jar").toAbsolutePath();
        }

        @Override
        Layout lay(Path dir, int port, List<Launcher.App> apps, List<String> jvmOptions) {
            if (!apps.isEmpty()) {
                throw new IllegalArgumentException("the standalone runner serves the packaged application only");
            }
            List<String> command = new ArrayList<>(List.of(java()));
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", installation().toString()));
            return new Layout(command, Map.of("SYMPLE_PORT", String.valueOf(port), "SYMPLE_HOST", "127.0.0.1"), null);
        }
    };

    /**
     * What a laid-out server needs: the command that runs it in the foreground, the environment it needs besides the
     * settings, and the product's own stop command (null where there is none here).
     */
    record Layout(List<String> command, Map<String, String> environment, List<String> stopCommand) {
    }

    /** The script, directory or jar the build puts under target/ for this product. */
    abstract Path installation();

    /** Whether the build has put the product under target/ (the runtimes are installed by the legs that use them). */
    public boolean isInstalled() {
        return Files.exists(installation());
    }

    /** Writes what the server needs under {@code dir} (which holds nothing else yet but the WARs). */
    abstract Layout lay(Path dir, int port, List<Launcher.App> apps, List<String> jvmOptions) throws IOException;

    /** A port the server can listen on. */
    int freePort() {
        return Ports.free();
    }

    /** The product's name in options and tables: liberty, wildfly, payara, standalone. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The product of that {@link #id()}. */
    public static Product of(String id) {
        for (Product product : values()) {
            if (product.id().equals(id)) {
                return product;
            }
        }
        throw new IllegalArgumentException("unknown server " + id + " (liberty, wildfly, payara, standalone)");
    }

    /**
     * The product of the test leg: the application server Arquillian deploys on ({@code arquillian.launch}, Open
     * Liberty by default), or the standalone runner on the standalone tiers ({@code symple.target} jvm or jar).
     */
    public static Product underTest() {
        if (!"arquillian".equals(System.getProperty("symple.target", "arquillian"))) {
            return STANDALONE;
        }
        return of(System.getProperty("arquillian.launch", "liberty"));
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
