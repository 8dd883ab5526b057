package org.symple.server.load;

import java.util.BitSet;
import java.util.Map;

/**
 * {@code count} authenticated peers (no rooms) join one room at the same moment. Done when every peer has its
 * {@code join:ok} and has heard of every other peer exactly once. One operation is one peer learning of another;
 * reports the time until the last peer settled, the per-peer p50/p99 and join:ok p50/p99; the storm's server CPU
 * seconds and the presence frames received count until no presence frame arrived for a second. Three ways to learn of peers:
 * <ul>
 * <li>{@link Mode#PRESENCE}: the server's presence frames (snapshot after join:ok, arrivals);</li>
 * <li>{@link Mode#V4}: as symple-client v4 pages do, each peer probes the room after its join:ok and answers every
 * probe with its presence addressed to the prober; any presence frame from a peer counts (the Node reference sends
 * none of its own on join);</li>
 * <li>{@link Mode#BATCH}: the peers ask for the presence-batch extension and learn from presence:batch frames.</li>
 * </ul>
 */
final class JoinStorm extends Scenario {

    /** How the peers of the storm learn of each other. */
    enum Mode { PRESENCE, V4, BATCH }

    private static final byte[] BATCH_FRAME = Frames.ascii("\"type\":\"presence:batch\"");
    private static final byte[] PROBE = Frames.ascii("\"probe\":true");
    private static final byte[] FROM = Frames.ascii("\"from\":\"");
    private static final byte[] USER = Frames.ascii("\"user\":\"u");

    private final int count;
    private final Mode mode;

    JoinStorm(String name, int count, Mode mode) {
        super(name);
        this.count = count;
        this.mode = mode;
    }

    @Override
    boolean onCeiling() {
        return false;
    }

    @Override
    boolean onV4() {
        return mode == Mode.V4;
    }

    @Override
    Map<String, Object> nodeSpec() {
        return mode == Mode.V4 ? Map.of("kind", "joinstorm", "count", count) : null;
    }

    @Override
    Result run(Run run) {
        Result result = run.result(name);
        result.put("peers", count);
        BitSet[] heard = new BitSet[count];
        int[] heardCount = new int[count];
        long[] joinOkNanos = new long[count];
        long[] doneNanos = new long[count];
        long[] t0 = new long[1];
        long[] counts = new long[4]; // duplicates (presence mode), presence frames, batch frames, peers from batches
        int[] complete = new int[1];
        for (int i = 0; i < count; i++) {
            heard[i] = new BitSet(count);
        }
        Crowd crowd = new Crowd(run, 0, count, i -> "storm", i -> null, 100) {
            @Override
            void frame(WsClient client, int i, byte[] bytes, int offset, int length, long nanos) {
                if (Frames.contains(bytes, offset, length, JOIN_OK)) {
                    joinOkNanos[i] = nanos - t0[0];
                    if (mode == Mode.V4) {
                        client.send("{\"type\":\"presence\",\"probe\":true,\"to\":[\"storm\"],\"room\":\"storm\",\"data\":"
                                + "{\"user\":\"u" + i + "\",\"name\":\"u" + i + "\",\"online\":true}}");
                    }
                } else if (mode == Mode.BATCH && Frames.contains(bytes, offset, length, BATCH_FRAME)) {
                    counts[2]++;
                    for (int at = Frames.indexOf(bytes, offset, length, USER); at >= 0;
                            at = Frames.indexOf(bytes, at + 1, offset + length - at - 1, USER)) {
                        counts[3]++;
                        learn(i, Frames.intAfter(bytes, at, offset + length - at, USER));
                    }
                } else if (Frames.contains(bytes, offset, length, PRESENCE)) {
                    counts[1]++;
                    if (mode == Mode.V4 && Frames.contains(bytes, offset, length, PROBE)) {
                        String prober = Frames.stringAfter(bytes, offset, length, FROM);
                        client.send("{\"type\":\"presence\",\"to\":\"" + prober + "\",\"data\":{\"user\":\"u" + i
                                + "\",\"name\":\"u" + i + "\",\"online\":true}}");
                    }
                    int from = Frames.intAfter(bytes, offset, length, FROM_USER);
                    if (mode == Mode.PRESENCE && from >= 0 && from < count && heard[i].get(from)) {
                        counts[0]++;
                        return;
                    }
                    learn(i, from);
                } else {
                    return;
                }
                if (doneNanos[i] == 0 && joinOkNanos[i] != 0 && heardCount[i] == count - 1) {
                    doneNanos[i] = nanos - t0[0];
                    complete[0]++;
                }
            }

            private void learn(int i, int from) {
                if (from >= 0 && from < count && from != i && !heard[i].get(from)) {
                    heard[i].set(from);
                    heardCount[i]++;
                }
            }
        };
        if (mode == Mode.BATCH) {
            crowd.authExtras = ",\"extensions\":[\"presence-batch\"]";
        }
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
        long pairs = (long) count * (count - 1);
        costs(result, phase, pairs, pairs);
        long[] times = putPercentiles(result, doneNanos);
        int n = times.length;
        result.put("lastCompleteMs", n == 0 ? Double.NaN : times[n - 1] / 1e6);
        long[] oks = putJoinOk(result, joinOkNanos);
        // the storm's whole cost: until no presence frame (a late probe or answer) arrived for a second
        awaitQuiet(run, crowd);
        result.put("serverCpuSeconds", Meter.now(run.server(), run.generator()).since(start).serverCpuNanos() / 1e9);
        result.put("presenceFrames", counts[1]);
        if (mode == Mode.BATCH) {
            result.put("batchFrames", counts[2]).put("batchPeers", counts[3]);
        }
        long heardTotal = 0;
        for (int c : heardCount) {
            heardTotal += c;
        }
        result.lost = pairs - heardTotal;
        result.duplicates = counts[0];
        result.complete = done;
        if (!done) {
            result.note = n + " of " + count + " peers complete, " + oks.length + " joined";
        }
        crowd.close();
        return result;
    }

    private static long[] putJoinOk(Result result, long[] joinOkNanos) {
        long[] oks = java.util.Arrays.stream(joinOkNanos).filter(t -> t > 0).toArray();
        result.put("joinOkP50Ms", percentileMs(oks, oks.length, 0.50));
        result.put("joinOkP99Ms", percentileMs(oks, oks.length, 0.99));
        return oks;
    }

    /** Reads the generator thread's counter after a volatile read of the crowd's, which publishes it. */
    private static int volatileComplete(Crowd crowd, int[] complete) {
        return crowd.presenceTotal >= 0 ? complete[0] : 0;
    }
}
