package org.symple.server.load;

/** Server CPU, generator CPU and wall time at one moment; the difference of two is what a phase cost. */
record Meter(long serverCpuNanos, long generatorCpuNanos, long wallNanos) {

    static Meter now(Target server, Generator generator) {
        return new Meter(server.cpuNanos(), generator.cpuNanos(), System.nanoTime());
    }

    Meter since(Meter start) {
        return new Meter(serverCpuNanos - start.serverCpuNanos, generatorCpuNanos - start.generatorCpuNanos,
                wallNanos - start.wallNanos);
    }
}
