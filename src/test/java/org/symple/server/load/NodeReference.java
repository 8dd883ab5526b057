package org.symple.server.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.symple.server.testing.Launcher;

/**
 * The Node.js Symple v4 reference server as a benchmark target: a copy of it under target/node-reference (npm
 * install there, once), run as {@code node server.js} pinned like the Java servers. Its CPU and memory are those
 * of the node process. It never sends presence on join, has no limits and no ceiling endpoint.
 */
final class NodeReference implements Target {

    private final Process process;
    private final int port;
    private final Path dir;

    private NodeReference(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /**
     * Copies the reference ({@code load.nodeReference}, ../shared/reference/symple-server-v4 by default) under
     * {@code out}/node-reference and installs its dependencies there; returns that directory.
     */
    static Path prepare(Path out) {
        Path source = Path.of(System.getProperty("load.nodeReference", "../shared/reference/symple-server-v4"));
        if (!Files.isRegularFile(source.resolve("server.js"))) {
            throw new IllegalStateException("no Node reference server at " + source.toAbsolutePath() + " (-Dload.nodeReference)");
        }
        Path copy = out.resolve("node-reference").toAbsolutePath();
        Proc.copyTree(source, copy);
        if (!Files.isDirectory(copy.resolve("node_modules"))) {
            Proc.run(copy, copy.resolve("npm.log"), 600, "npm", "install", "--no-audit", "--no-fund");
        }
        return copy;
    }

    /** Starts {@code node server.js} of {@code installed} on {@code port}, pinned to {@code cpu}, logging into {@code dir}. */
    static NodeReference start(Path installed, Path dir, int port, int cpu) {
        try {
            Files.createDirectories(dir);
            List<String> command = new ArrayList<>();
            if (cpu >= 0 && Launcher.canPin()) {
                command.addAll(List.of("taskset", "-c", String.valueOf(cpu))); // taskset execs node: the same pid
            }
            command.addAll(List.of("node", "server.js"));
            ProcessBuilder builder = new ProcessBuilder(command).directory(installed.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("server.log").toFile());
            builder.environment().keySet().removeIf(key -> key.startsWith("SYMPLE_") || key.contains("REDIS") || key.equals("DEBUG"));
            builder.environment().put("PORT", String.valueOf(port));
            NodeReference server = new NodeReference(builder.start(), port, dir);
            server.awaitListening(Duration.ofSeconds(30));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitListening(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("node reference exited; see " + dir.resolve("server.log"));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        close();
        throw new IllegalStateException("node reference not listening on " + port + " within " + within);
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public Path directory() {
        return dir;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
