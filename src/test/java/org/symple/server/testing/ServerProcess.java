package org.symple.server.testing;

import static org.awaitility.Awaitility.await;

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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A server a {@link Launcher} started: where it serves, its JVM (the process itself, or the child of a start
 * script, flock or taskset), the ways an operator or a crash stops it, and what /proc and jcmd say about its JVM.
 */
public final class ServerProcess implements AutoCloseable {

    static final String LOG = "server.log";
    private static final Duration STARTUP = Duration.ofMinutes(3);
    private static final Duration EXIT = Duration.ofSeconds(60);
    /** The kernel's clock ticks per second, the unit of CPU times in /proc/<pid>/stat. */
    public static final long CLOCK_TICKS = clockTicks();

    private final String name;
    private final Process process;
    private final int port;
    private final Path dir;
    private final ProcessBuilder stopCommand;
    private volatile ProcessHandle jvm;

    ServerProcess(String name, Process process, int port, Path dir, ProcessBuilder stopCommand) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.dir = dir;
        this.stopCommand = stopCommand;
    }

    /** The Symple WebSocket of the application at "/". */
    public URI uri() {
        return URI.create("ws://127.0.0.1:" + port + "/");
    }

    public int port() {
        return port;
    }

    /** The server's directory: its log, layout and any recordings. */
    public Path directory() {
        return dir;
    }

    /** Waits up to three minutes until the application at "/" answers {@code /health}; see {@link #awaitReady(Duration)}. */
    public ServerProcess awaitReady() {
        return awaitReady(STARTUP);
    }

    /**
     * Waits until the server's JVM runs and the application at "/" answers {@code /health} with 200 (whatever answers
     * before the JVM runs, while flock still waits, is not this server); fails at once when the process exits.
     */
    public ServerProcess awaitReady(Duration within) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(2)).build();
        try {
            await().atMost(within).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .failFast(name + " exited; see " + dir.resolve(LOG), () -> !process.isAlive())
                    .until(() -> findJvm().isPresent()
                            && http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new IllegalStateException(name + " not ready within " + within + "; see " + dir.resolve(LOG), e);
        }
        jvm = findJvm().orElseThrow();
        return this;
    }

    /** The server JVM's process id. */
    public long pid() {
        return jvm().pid();
    }

    /** Sends SIGTERM to the server's JVM, as systemd, Docker or Kubernetes do, and waits until it exited. */
    public void terminate() {
        ProcessHandle target = jvm();
        target.destroy();
        try {
            target.onExit().get(EXIT.toSeconds(), TimeUnit.SECONDS);
            process.waitFor(EXIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(name + " did not exit after SIGTERM", e);
        }
    }

    /** Stops the server's JVM in its tracks (SIGSTOP), as a long garbage-collection pause would. */
    public void pause() {
        signal("STOP");
    }

    /** Lets a paused server run on (SIGCONT). */
    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(pid())).redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + pid() + " failed");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Kills the server without any chance to clean up (SIGKILL), like a machine that dies. */
    public void kill() {
        for (ProcessHandle member : tree()) {
            member.destroyForcibly();
        }
        awaitTreeExit();
    }

    /** Runs Open Liberty's own {@code server stop} on this server and waits for the command to finish. */
    public void serverStop() {
        if (stopCommand == null) {
            throw new UnsupportedOperationException(name + " has no stop command of its own here");
        }
        try {
            Process stop = stopCommand.start();
            if (!stop.waitFor(120, TimeUnit.SECONDS)) {
                stop.destroyForcibly();
                throw new IllegalStateException(String.join(" ", stopCommand.command()) + " did not finish");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the process exits by itself and returns its exit status. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(name + " still runs after " + timeout);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What the server wrote to its standard output and error so far. */
    public String log() {
        try {
            return Files.readString(dir.resolve(LOG));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** utime + stime of the server JVM, all threads, in nanoseconds. */
    public long cpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid() + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // fields 14 and 15 of proc(5)
            return ticks * 1_000_000_000L / CLOCK_TICKS;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Resident set size of the server JVM in bytes. */
    public long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
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
    public long heapAfterGcBytes() {
        if (!Launcher.onPath("jcmd")) {
            return -1;
        }
        jcmd("GC.run");
        // G1 prints one "heap total ..K, used ..K" line, the serial collector (a JVM pinned to one CPU) one per generation
        Matcher used = Pattern.compile("total \\d+K, used (\\d+)K").matcher(jcmd("GC.heap_info"));
        long bytes = -1;
        while (used.find()) {
            bytes = Math.max(0, bytes) + Long.parseLong(used.group(1)) * 1024;
        }
        return bytes;
    }

    /**
     * The top of the server JVM's live-object histogram (jcmd GC.class_histogram): what the connections held at this
     * moment are made of; empty without jcmd.
     */
    public String classHistogram(int lines) {
        if (!Launcher.onPath("jcmd")) {
            return "";
        }
        return jcmd("GC.class_histogram").lines().limit(lines + 3L).collect(Collectors.joining("\n", "", "\n"));
    }

    /** Stops the server if it still runs: SIGTERM to it and whatever started it, SIGKILL to what is left after a minute. */
    @Override
    public void close() {
        List<ProcessHandle> tree = tree();
        if (tree.stream().noneMatch(ProcessHandle::isAlive)) {
            return;
        }
        tree.forEach(ProcessHandle::destroy);
        awaitTreeExit();
    }

    private void awaitTreeExit() {
        for (ProcessHandle member : tree()) {
            try {
                member.onExit().get(EXIT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                member.destroyForcibly();
            }
        }
    }

    /** The launched process and its descendants, the JVM among them. */
    private List<ProcessHandle> tree() {
        List<ProcessHandle> tree = new ArrayList<>();
        process.descendants().forEach(tree::add);
        tree.add(process.toHandle());
        if (jvm != null && !tree.contains(jvm)) {
            tree.add(jvm);
        }
        return tree;
    }

    /** The JVM found by {@link #awaitReady}, else the one running now, else the launched process. */
    private ProcessHandle jvm() {
        return jvm != null ? jvm : findJvm().orElse(process.toHandle());
    }

    private Optional<ProcessHandle> findJvm() {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(process.toHandle());
        process.descendants().forEach(all::add);
        return all.stream().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(command -> command.endsWith("/java")).orElse(false)).findFirst();
    }

    private String jcmd(String command) {
        try {
            Process jcmd = new ProcessBuilder("jcmd", String.valueOf(pid()), command).redirectErrorStream(true).start();
            String out = new String(jcmd.getInputStream().readAllBytes());
            jcmd.waitFor(60, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static long clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
            String out = new String(getconf.getInputStream().readAllBytes()).trim();
            getconf.waitFor(10, TimeUnit.SECONDS);
            return Long.parseLong(out);
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
