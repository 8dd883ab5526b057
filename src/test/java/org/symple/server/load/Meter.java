package org.symple.server.load;

/**
 * Server CPU (all, and in the kernel), the server's context switches, generator CPU and wall time at one moment; the
 * difference of two is what a phase cost.
 */
record Meter(long serverCpuNanos, long serverSystemNanos, long serverSwitches, long generatorCpuNanos, long wallNanos) {

    static Meter now(Target server, Generator generator) {
        return new Meter(server.cpuNanos(), server.systemNanos(), server.contextSwitches(), generator.cpuNanos(),
                System.nanoTime());
    }

    Meter since(Meter start) {
        return new Meter(serverCpuNanos - start.serverCpuNanos, serverSystemNanos - start.serverSystemNanos,
                serverSwitches - start.serverSwitches, generatorCpuNanos - start.generatorCpuNanos, wallNanos - start.wallNanos);
    }
}
