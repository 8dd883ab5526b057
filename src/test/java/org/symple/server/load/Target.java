package org.symple.server.load;

import java.nio.file.Path;

/** A server under load, started for one or more scenarios: where it listens and what /proc says of its process. */
interface Target extends AutoCloseable {

    int port();

    /** The port client {@code client} connects to (several instances share the clients out). */
    default int port(int client) {
        return port();
    }

    /** The process whose CPU and memory are measured (the server JVM, or the node process). */
    long pid();

    /** utime + stime of that process, all threads, in nanoseconds. */
    default long cpuNanos() {
        return Proc.cpuNanos(pid());
    }

    /** Of {@link #cpuNanos}, the time in the kernel (stime). */
    default long systemNanos() {
        return Proc.systemNanos(pid());
    }

    /** Context switches of its threads so far (see {@link Proc#contextSwitches}). */
    default long contextSwitches() {
        return Proc.contextSwitches(pid());
    }

    /** Its resident set size in bytes. */
    default long rssBytes() {
        return Proc.rssBytes(pid());
    }

    /** Live heap after a full collection in bytes; -1 where there is no JVM or no jcmd. */
    default long heapAfterGcBytes() {
        return -1;
    }

    /** The top of the live-object histogram; empty where there is none. */
    default String classHistogram(int lines) {
        return "";
    }

    /** The server's directory: its log and recordings. */
    Path directory();

    @Override
    void close();
}
