package org.symple.server.load;

import java.util.BitSet;

/**
 * {@code count} authenticated peers (no rooms) join one room at the same moment. Done when every peer has its
 * {@code join:ok} and has heard of every other peer exactly once (snapshot or online presence). One operation is
 * one presence delivery; reports the time until the last peer was complete and the per-peer p50/p99.
 */
final class JoinStorm extends Scenario {

    private final int count;

    JoinStorm(String name, int count) {
        super(name);
        this.count = count;
    }

    @Override
    boolean onCeiling() {
        return false;
    }

    @Override
    Result run(Run run) {
        Result result = run.result(name);
        result.put("peers", count);
        BitSet[] heard = new BitSet[count];
        int[] heardCount = new int[count];
        boolean[] joined = new boolean[count];
        long[] doneNanos = new long[count];
        long[] t0 = new long[1];
        long[] counts = new long[2]; // duplicates, presence frames
        int[] complete = new int[1];
        for (int i = 0; i < count; i++) {
            heard[i] = new BitSet(count);
        }
        Crowd crowd = new Crowd(run, 0, count, i -> "storm", i -> null, 100) {
            @Override
            void frame(WsClient client, int i, byte[] bytes, int offset, int length, long nanos) {
                if (Frames.contains(bytes, offset, length, JOIN_OK)) {
                    joined[i] = true;
                } else if (Frames.contains(bytes, offset, length, PRESENCE)) {
                    counts[1]++;
                    int from = Frames.intAfter(bytes, offset, length, FROM_USER);
                    if (from < 0 || from >= count || from == i) {
                        return;
                    }
                    if (heard[i].get(from)) {
                        counts[0]++;
                        return;
                    }
                    heard[i].set(from);
                    heardCount[i]++;
                } else {
                    return;
                }
                if (doneNanos[i] == 0 && joined[i] && heardCount[i] == count - 1) {
                    doneNanos[i] = nanos - t0[0];
                    complete[0]++;
                }
            }
        };
        if (!crowd.connect(run.timeout())) {
            result.complete = false;
            result.note = crowd.welcomed + " of " + count + " welcomed";
            crowd.close();
            return result;
        }
        Meter start = Meter.now(run.server(), run.generator());
        run.generator().submit(() -> {
            t0[0] = System.nanoTime();
            for (WsClient client : crowd.byLocal) {
                client.send("{\"type\":\"join\",\"room\":\"storm\"}");
            }
        });
        boolean done = await(run, () -> volatileComplete(crowd, complete) >= count, run.timeout().multipliedBy(4));
        Meter phase = Meter.now(run.server(), run.generator()).since(start);
        long deliveries = (long) count * (count - 1);
        costs(result, phase, deliveries, deliveries);
        long[] times = putPercentiles(result, doneNanos);
        int n = times.length;
        result.put("lastCompleteMs", n == 0 ? Double.NaN : times[n - 1] / 1e6);
        long heardTotal = 0;
        for (int c : heardCount) {
            heardTotal += c;
        }
        result.lost = deliveries - heardTotal;
        result.duplicates = counts[0];
        result.complete = done;
        if (!done) {
            result.note = n + " of " + count + " peers complete";
        }
        crowd.close();
        return result;
    }

    /** Reads the generator thread's counter after a volatile read of the crowd's, which publishes it. */
    private static int volatileComplete(Crowd crowd, int[] complete) {
        return crowd.presenceTotal >= 0 ? complete[0] : 0;
    }
}
