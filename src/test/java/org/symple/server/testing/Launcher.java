package org.symple.server.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Starts a server product in a process of its own, in a directory of its own (emptied first; the server's output
 * goes to server.log there), serving WARs at their context roots: the second instances the integration tests start
 * and the servers the load benchmark measures. The inherited environment carries no Symple settings into it; the
 * settings are those of the WARs and of {@link #environment}.
 */
public final class Launcher {

    /** A WAR and the context root it is served at: "/" or "/" followed by the WAR's file name without ".war". */
    public record App(File war, String contextRoot) {
    }

    private final Product product;
    private final Path dir;
    private final List<App> apps = new ArrayList<>();
    private final Map<String, WebArchive> archives = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private int port;
    private int cpu = -1;
    private File lock;
    private boolean keep;

    private Launcher(Product product, Path dir) {
        this.product = product;
        this.dir = dir.toAbsolutePath();
    }

    /** A server of {@code product} in {@code dir}. */
    public static Launcher of(Product product, Path dir) {
        return new Launcher(product, dir);
    }

    /**
     * A test instance named {@code name}, started and not yet ready: the packaged WAR with these settings at "/" (on
     * the standalone runner, the settings as its environment) on a free port, in target/instance-{@code name}, with a
     * heap of 384 MB (the standalone runner 256 MB).
     */
    public static ServerProcess instance(Product product, String name, Map<String, String> settings) {
        Launcher launcher = of(product, Path.of("target", "instance-" + name));
        if (product == Product.STANDALONE) {
            return launcher.environment(settings).jvmOptions("-Xmx256m").start();
        }
        return launcher.app(Deployments.war(name, settings), "/").jvmOptions("-Xmx384m").start();
    }

    /** Serves this WAR at {@code contextRoot}. */
    public Launcher app(File war, String contextRoot) {
        apps.add(new App(war, contextRoot));
        return this;
    }

    /** Serves this archive, written into the server's directory as it starts, at {@code contextRoot}. */
    public Launcher app(WebArchive war, String contextRoot) {
        archives.put(contextRoot, war);
        return this;
    }

    /** The HTTP port; without one, a free port is chosen. */
    public Launcher port(int port) {
        this.port = port;
        return this;
    }

    /** Environment entries for the server: settings, or JVM tool options such as a flight recording. */
    public Launcher environment(Map<String, String> entries) {
        environment.putAll(entries);
        return this;
    }

    /** Options for the server's JVM (a heap limit); without any, the product's own defaults hold. */
    public Launcher jvmOptions(String... options) {
        jvmOptions.addAll(List.of(options));
        return this;
    }

    /** Pins the server, every thread of it, to one CPU where taskset exists. */
    public Launcher pinnedTo(int cpu) {
        this.cpu = cpu;
        return this;
    }

    /** Starts the server under {@code flock lock}, so that other users of the same ports wait for each other. */
    public Launcher lockedBy(File lock) {
        this.lock = lock;
        return this;
    }

    /**
     * Starts again in the same directory without emptying it first: a restart of the same server, which finds what
     * its last run left there (the temporary directory of some products is inside it).
     */
    public Launcher keepingDirectory() {
        keep = true;
        return this;
    }

    /** Lays the server out and starts it; see {@link ServerProcess#awaitReady()}. */
    public ServerProcess start() {
        if (!product.isInstalled()) {
            throw new IllegalStateException(product.installation() + " not found: the build puts it there for the legs that use it");
        }
        try {
            if (!keep) {
                empty(dir);
            }
            Files.createDirectories(dir);
            List<App> served = new ArrayList<>(apps);
            for (Map.Entry<String, WebArchive> archive : archives.entrySet()) {
                File war = dir.resolve(archive.getValue().getName()).toFile();
                archive.getValue().as(ZipExporter.class).exportTo(war, true);
                served.add(new App(war, archive.getKey()));
            }
            int chosen = port > 0 ? port : product.freePort();
            Product.Layout layout = product.lay(dir, chosen, served, jvmOptions);
            List<String> command = new ArrayList<>();
            if (lock != null && onPath("flock")) {
                command.addAll(List.of("flock", lock.getAbsolutePath()));
            }
            if (cpu >= 0 && canPin()) {
                command.addAll(List.of("taskset", "-c", String.valueOf(cpu)));
            }
            command.addAll(layout.command());
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve(ServerProcess.LOG).toFile());
            builder.environment().keySet().removeIf(key -> key.startsWith("SYMPLE_") || key.equals("PORT") || key.contains("REDIS_"));
            builder.environment().putAll(environment);
            builder.environment().putAll(layout.environment());
            ProcessBuilder stop = layout.stopCommand() == null ? null
                    : new ProcessBuilder(layout.stopCommand()).directory(dir.toFile()).redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stop.log").toFile()));
            if (stop != null) {
                stop.environment().putAll(layout.environment());
            }
            return new ServerProcess(product.id() + " " + dir.getFileName(), builder.start(), chosen, dir, stop);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + product.id() + " in " + dir, e);
        }
    }

    /** Whether servers can be pinned to a CPU here (taskset is installed). */
    public static boolean canPin() {
        return onPath("taskset");
    }

    static boolean onPath(String tool) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(directory, tool).canExecute()) {
                return true;
            }
        }
        return false;
    }

    private static void empty(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
