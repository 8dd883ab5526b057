package org.symple.server.load;

import java.nio.file.Path;
import org.symple.server.testing.ServerProcess;

/** An application server or the standalone runner, started by the tests' Launcher. */
record JvmTarget(ServerProcess process) implements Target {

    @Override
    public int port() {
        return process.port();
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public long cpuNanos() {
        return process.cpuNanos();
    }

    @Override
    public long rssBytes() {
        return process.rssBytes();
    }

    @Override
    public long heapAfterGcBytes() {
        return process.heapAfterGcBytes();
    }

    @Override
    public String classHistogram(int lines) {
        return process.classHistogram(lines);
    }

    @Override
    public Path directory() {
        return process.directory();
    }

    @Override
    public void close() {
        process.close();
    }
}
