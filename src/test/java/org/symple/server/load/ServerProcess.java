package org.symple.server.load;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A started server: its process (pinned to a CPU with taskset where that exists, optionally behind a flock lock),
 * the JVM's PID, and what /proc says about that JVM: CPU time (utime + stime) and resident memory.
 */
final class ServerProcess implements AutoCloseable {

    private static final long CLOCK_TICKS = clockTicks();

    private final String name;
    private final Process process;
    private final int port;
    private final File log;
    private long jvmPid;

    private ServerProcess(String name, Process process, int port, File log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts the target with the apps; {@code cpu} >= 0 pins it to that CPU; {@code lock} non-null runs it under
     * {@code flock lock} so that other users of the same ports wait.
     */
    static ServerProcess start(ServerTarget target, List<ServerTarget.App> apps, File workDir, Map<String, String> env, int cpu, File lock)
            throws IOException {
        workDir.mkdirs();
        List<String> command = new ArrayList<>();
        if (lock != null && onPath("flock")) {
            command.addAll(List.of("flock", lock.getAbsolutePath()));
        }
        if (cpu >= 0 && onPath("taskset")) {
            command.addAll(List.of("taskset", "-c", String.valueOf(cpu)));
        }
        command.addAll(target.prepare(apps, workDir));
        File log = new File(workDir, "server.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir).redirectErrorStream(true)
                .redirectOutput(log);
        builder.environment().putAll(target.environment(workDir));
        builder.environment().putAll(env);
        return new ServerProcess(target.name(), builder.start(), target.port(), log);
    }

    /** Waits until {@code path} answers 200 and the JVM is found; fails with the log's tail otherwise. */
    ServerProcess awaitReady(String path, Duration within) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        URI uri = URI.create("http://127.0.0.1:" + port + path);
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited; see " + log);
            }
            Optional<Long> jvm = findJvm(); // none yet while flock waits: whatever answers then is not this server
            try {
                if (jvm.isPresent() && http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    jvmPid = jvm.get();
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleepQuietly(250);
        }
        throw new IllegalStateException(name + " not ready within " + within + "; see " + log);
    }

    private Optional<Long> findJvm() {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(process.toHandle());
        process.descendants().forEach(all::add);
        return all.stream().filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .map(ProcessHandle::pid).findFirst();
    }

    long pid() {
        return jvmPid;
    }

    int port() {
        return port;
    }

    /** utime + stime of the server JVM, all threads, in nanoseconds. */
    long cpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc/" + jvmPid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // fields 14 and 15 of proc(5)
            return ticks * 1_000_000_000L / CLOCK_TICKS;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Resident set size of the server JVM in bytes. */
    long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + jvmPid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Java heap in use after a full GC, in bytes (jcmd GC.run, then GC.heap_info); -1 without jcmd. */
    long heapAfterGcBytes() {
        if (!onPath("jcmd")) {
            return -1;
        }
        run("jcmd", String.valueOf(jvmPid), "GC.run");
        String info = run("jcmd", String.valueOf(jvmPid), "GC.heap_info");
        // G1 prints one "heap total ..K, used ..K" line, the serial collector (a JVM pinned to one CPU) one per generation
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("total \\d+K, used (\\d+)K").matcher(info);
        long used = -1;
        while (m.find()) {
            used = Math.max(0, used) + Long.parseLong(m.group(1)) * 1024;
        }
        return used;
    }

    /**
     * The top of the server JVM's live-object histogram (jcmd GC.class_histogram): what the connections held at this
     * moment are made of; empty without jcmd.
     */
    String classHistogram(int lines) {
        if (!onPath("jcmd")) {
            return "";
        }
        return run("jcmd", String.valueOf(jvmPid), "GC.class_histogram").lines().limit(lines + 3L)
                .collect(Collectors.joining("\n", "", "\n"));
    }

    /** The server's working directory (its log and recordings). */
    File directory() {
        return log.getParentFile();
    }

    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(60, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (new File(dir, tool).canExecute()) {
                return true;
            }
        }
        return false;
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor(10, TimeUnit.SECONDS);
            return Long.parseLong(out);
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the JVM (SIGTERM, then SIGKILL after 30 s) and whatever started it. */
    @Override
    public void close() {
        List<ProcessHandle> tree = new ArrayList<>();
        process.descendants().forEach(tree::add);
        tree.add(process.toHandle());
        for (ProcessHandle p : tree) {
            p.destroy();
        }
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
    }
}
