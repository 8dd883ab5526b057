package org.symple.server.load;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/** One load scenario; it runs against the WAR or the ceiling endpoint of a started server. */
abstract class Scenario {

    static final byte[] WELCOME = Frames.ascii("\"type\":\"welcome\"");
    static final byte[] PRESENCE = Frames.ascii("\"type\":\"presence\"");
    static final byte[] JOIN_OK = Frames.ascii("\"type\":\"join:ok\"");
    static final byte[] OFFLINE = Frames.ascii("\"online\":false");
    static final byte[] PEER_ID = Frames.ascii("\"id\":\"");
    static final byte[] FROM_USER = Frames.ascii("\"from\":\"u");
    static final byte[] SEQUENCE = Frames.ascii("\"s\":");

    final String name;

    Scenario(String name) {
        this.name = name;
    }

    /** Whether the scenario means anything on the ceiling endpoint (which has no presence). */
    boolean onCeiling() {
        return true;
    }

    /** Whether the scenario means anything on the Node v4 reference (no presence on join, no extensions). */
    boolean onV4() {
        return true;
    }

    /**
     * What the Node generator needs to run the same scenario (its "kind" and sizes), or null where it has no
     * counterpart there.
     */
    java.util.Map<String, Object> nodeSpec() {
        return null;
    }

    /** Settings of the server this scenario needs instead of the benchmark's (null: the benchmark's); fresh servers only. */
    java.util.Map<String, String> settings() {
        return null;
    }

    /** How many instances of the server, on one Redis, the scenario runs on (more than one: fresh servers only). */
    int instances() {
        return 1;
    }

    /** Whether the scenario needs a server that has served nothing yet. */
    boolean needsFreshServer() {
        return false;
    }

    abstract Result run(Run run);

    /** Polls {@code condition} until it holds or {@code within} passed; false on timeout or a generator failure. */
    static boolean await(Run run, BooleanSupplier condition, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (run.generator().failure() != null) {
                throw new IllegalStateException("generator failed", run.generator().failure());
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Waits until no presence frame reached the crowd for a second (presence has settled); false on timeout. */
    static boolean awaitQuiet(Run run, Crowd crowd) {
        long[] last = {-1, System.nanoTime()};
        return await(run, () -> {
            long total = crowd.presenceTotal;
            if (total != last[0]) {
                last[0] = total;
                last[1] = System.nanoTime();
                return false;
            }
            return System.nanoTime() - last[1] > Duration.ofSeconds(1).toNanos();
        }, run.timeout().multipliedBy(4));
    }

    /**
     * Waits until the server used under 5 % of a CPU over the last half second: what a phase left behind (the
     * departures of a crowd just closed) is done before the next round measures; false after the run's timeout.
     */
    static boolean awaitServerIdle(Run run) {
        long window = Duration.ofMillis(500).toNanos();
        Meter[] mark = {Meter.now(run.server(), run.generator())};
        return await(run, () -> {
            Meter now = Meter.now(run.server(), run.generator());
            Meter spent = now.since(mark[0]);
            if (spent.wallNanos() < window) {
                return false;
            }
            mark[0] = now;
            return spent.serverCpuNanos() < spent.wallNanos() / 20;
        }, run.timeout());
    }

    /** Percentile {@code p} (0..1) of the first {@code count} values, in milliseconds; sorts them. */
    static double percentileMs(long[] nanos, int count, double p) {
        if (count == 0) {
            return Double.NaN;
        }
        Arrays.sort(nanos, 0, count);
        return nanos[Math.min(count - 1, (int) Math.floor(p * count))] / 1e6;
    }

    /** Puts p50 and p99 of the non-zero durations (a zero is an operation that never finished) into the result. */
    static long[] putPercentiles(Result result, long[] nanos) {
        long[] times = new long[nanos.length];
        int n = 0;
        for (long t : nanos) {
            if (t > 0) {
                times[n++] = t;
            }
        }
        result.put("p50Ms", percentileMs(times, n, 0.50));
        result.put("p99Ms", percentileMs(times, n, 0.99));
        return java.util.Arrays.copyOf(times, n);
    }

    static void closeAll(Run run, List<WsClient> clients) {
        run.generator().submit(() -> clients.forEach(WsClient::close));
    }

    /** Puts the per-operation costs of a measured phase into the result. */
    static void costs(Result result, Meter phase, long operations, long framesAtGenerator) {
        result.put("operations", operations);
        result.put("seconds", phase.wallNanos() / 1e9);
        result.put("opsPerSecond", operations / (phase.wallNanos() / 1e9));
        result.put("serverCpuPerOpUs", operations == 0 ? Double.NaN : phase.serverCpuNanos() / 1e3 / operations);
        result.put("serverCpuPercent", 100.0 * phase.serverCpuNanos() / phase.wallNanos());
        result.put("serverSystemPercentOfCpu", phase.serverCpuNanos() == 0 ? Double.NaN : 100.0 * phase.serverSystemNanos() / phase.serverCpuNanos());
        result.put("serverSwitchesPerOp", operations == 0 ? Double.NaN : (double) phase.serverSwitches() / operations);
        result.put("generatorCpuPerFrameUs",
                framesAtGenerator == 0 ? Double.NaN : phase.generatorCpuNanos() / 1e3 / framesAtGenerator);
    }
}
