package org.symple.server.load;

/**
 * Direct messages between {@code pairs} pairs (each pair alone in a room; the first sends to the second's
 * {@code user|id}): {@code window} messages in flight per pair, or {@code rate} messages per second in total after a
 * windowed warm-up. One operation is one delivered message; each must arrive once, in order.
 */
final class Direct extends Scenario {

    private final int pairs;
    private final int messages;
    private final int window;
    private final double rate;

    Direct(String name, int pairs, int messages, int window, double rate) {
        super(name);
        this.pairs = pairs;
        this.messages = messages;
        this.window = window;
        this.rate = rate;
    }

    @Override
    java.util.Map<String, Object> nodeSpec() {
        return rate > 0 ? null : java.util.Map.of("kind", "direct", "pairs", pairs, "messages", messages, "window", window);
    }

    @Override
    Result run(Run run) {
        return new Round(run).run();
    }

    /** The state of one run, used on the generator thread except for the volatile counters. */
    private final class Round {
        final Run run;
        final int warmUp = Math.max(window * 5, messages / 5);
        final int total = warmUp + messages;
        final long[][] sentNanos = new long[pairs][total];
        final int[] next = new int[pairs];
        final int[] received = new int[pairs];
        final int[] last = new int[pairs];
        final long[] latencies = new long[pairs * messages];
        final byte[][] frames = new byte[pairs][];
        long duplicates;
        long outOfOrder;
        volatile long delivered;
        volatile int measured;
        volatile int warmPairs;
        Crowd crowd;

        Round(Run run) {
            this.run = run;
            java.util.Arrays.fill(last, -1);
        }

        Result run() {
            Result result = run.result(name);
            result.put("pairs", pairs).put("messages", messages).put("window", window).put("rate", rate);
            crowd = new Crowd(run, 0, 2 * pairs, i -> "p" + i / 2, i -> "p" + i / 2, 100) {
                @Override
                void frame(WsClient client, int local, byte[] bytes, int offset, int length, long nanos) {
                    if (local % 2 == 1) {
                        arrived(local / 2, Frames.intAfter(bytes, offset, length, SEQUENCE), nanos);
                    }
                }
            };
            try {
                if (!crowd.connect(run.timeout()) || run.presenceOnJoin() && !crowd.awaitPresences(1, run.timeout())) {
                    result.complete = false;
                    result.note = "pairs not set up: " + crowd.welcomed + " of " + 2 * pairs + " welcomed";
                    return result;
                }
                for (int p = 0; p < pairs; p++) {
                    frames[p] = Frames.ascii("{\"type\":\"message\",\"to\":\"" + run.user(2 * p + 1) + "|" + crowd.peerIds[2 * p + 1]
                            + "\",\"data\":{\"s\":");
                }
                run.generator().submit(() -> {
                    for (int p = 0; p < pairs; p++) {
                        fill(p);
                    }
                });
                boolean warm = await(run, () -> warmPairs >= pairs, run.timeout());
                Meter start = Meter.now(run.server(), run.generator());
                if (warm && rate > 0) {
                    long period = (long) (1e9 / rate);
                    long t0 = System.nanoTime();
                    run.generator().submit(() -> {
                        for (int k = 0; k < messages * pairs; k++) {
                            int p = k % pairs;
                            run.generator().at(t0 + k * period, () -> send(p));
                        }
                    });
                }
                boolean done = warm && await(run, () -> delivered >= (long) pairs * total, run.timeout());
                Meter phase = Meter.now(run.server(), run.generator()).since(start);
                int count = measured;
                costs(result, phase, count, count);
                result.put("p50Ms", percentileMs(latencies, count, 0.50));
                result.put("p99Ms", percentileMs(latencies, count, 0.99));
                result.complete = done;
                if (!done) {
                    result.note = "timed out with " + delivered + " of " + (long) pairs * total + " delivered";
                }
                return result;
            } finally {
                result.lost = (long) pairs * total - delivered;
                result.duplicates = duplicates;
                result.outOfOrder = outOfOrder;
                crowd.close();
            }
        }

        void arrived(int p, int seq, long nanos) {
            if (seq < 0 || seq >= total) {
                return;
            }
            if (seq <= last[p]) {
                if (seq == last[p]) {
                    duplicates++;
                } else {
                    outOfOrder++;
                }
                return;
            }
            if (seq != last[p] + 1) {
                outOfOrder++; // a gap now; counted as lost too if it never arrives
            }
            last[p] = seq;
            received[p]++;
            delivered++;
            if (seq >= warmUp) {
                latencies[measured] = nanos - sentNanos[p][seq];
                measured++;
            }
            if (received[p] == warmUp) {
                warmPairs++;
            }
            fill(p);
        }

        void fill(int p) {
            int limit = rate > 0 ? warmUp : total;
            while (next[p] < limit && next[p] - received[p] < window) {
                send(p);
            }
        }

        void send(int p) {
            int seq = next[p]++;
            if (seq >= total) {
                return;
            }
            sentNanos[p][seq] = System.nanoTime();
            byte[] head = frames[p];
            byte[] digits = Frames.ascii(seq + "}}");
            byte[] payload = java.util.Arrays.copyOf(head, head.length + digits.length);
            System.arraycopy(digits, 0, payload, head.length, digits.length);
            crowd.byLocal[2 * p].send(payload);
        }
    }
}
