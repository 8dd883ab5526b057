package org.symple.server.load;

import java.util.BitSet;

/**
 * One sender, a room of {@code receivers}: messages to the room either with {@code window} messages in flight
 * (the next leaves when every receiver has an earlier one) or at {@code rate} messages per second after a windowed
 * warm-up. One operation is one delivery; each receiver must get every message once, in order.
 */
final class FanOut extends Scenario {

    private static final String ROOM = "fan";

    private final int receivers;
    private final int messages;
    private final int window;
    private final double rate;

    FanOut(String name, int receivers, int messages, int window, double rate) {
        super(name);
        this.receivers = receivers;
        this.messages = messages;
        this.window = window;
        this.rate = rate;
    }

    @Override
    java.util.Map<String, Object> nodeSpec() {
        return rate > 0 ? null : java.util.Map.of("kind", "fanout", "receivers", receivers, "messages", messages, "window", window);
    }

    @Override
    Result run(Run run) {
        return new Round(run).run();
    }

    /** The state of one run; every field but the volatile ones is used on the generator thread only. */
    private final class Round {
        final Run run;
        final int warmUp = Math.max(window * 5, messages / 5);
        final int total = warmUp + messages;
        final long[] sentNanos = new long[total];
        final int[] deliveredPerMessage = new int[total];
        final long[] latencies = new long[receivers * messages];
        final BitSet[] seen = new BitSet[receivers];
        final int[] last = new int[receivers];
        long duplicates;
        long outOfOrder;
        int nextToSend;
        volatile int complete;
        volatile int measured;
        volatile long delivered;
        WsClient sender;

        Round(Run run) {
            this.run = run;
            for (int i = 0; i < receivers; i++) {
                seen[i] = new BitSet(total);
                last[i] = -1;
            }
        }

        Result run() {
            Result result = run.result(name);
            result.put("receivers", receivers).put("messages", messages).put("window", window).put("rate", rate);
            Crowd room = new Crowd(run, 1, receivers, i -> ROOM, i -> ROOM, 100) {
                @Override
                void frame(WsClient client, int r, byte[] bytes, int offset, int length, long nanos) {
                    received(r, Frames.intAfter(bytes, offset, length, SEQUENCE), nanos);
                }
            };
            Crowd from = new Crowd(run, 0, 1, i -> ROOM, i -> ROOM, 1);
            try {
                if (!room.connect(run.timeout()) || !from.connect(run.timeout())) {
                    return incomplete(result, "not every receiver was welcomed: " + room.welcomed + " of " + receivers);
                }
                if (run.presenceOnJoin() && !room.awaitPresences(receivers, run.timeout().multipliedBy(4))) {
                    return incomplete(result, "room set-up presence incomplete after " + run.timeout().multipliedBy(4));
                }
                sender = from.clients.get(0);
                run.generator().submit(this::fillWindow);
                boolean warm = await(run, () -> complete >= warmUp, run.timeout());
                Meter start = Meter.now(run.server(), run.generator());
                if (warm && rate > 0) {
                    long period = (long) (1e9 / rate);
                    long t0 = System.nanoTime();
                    run.generator().submit(() -> {
                        for (int k = 0; k < messages; k++) {
                            run.generator().at(t0 + k * period, this::sendNext);
                        }
                    });
                }
                boolean done = warm && await(run, () -> complete >= total, run.timeout());
                Meter phase = Meter.now(run.server(), run.generator()).since(start);
                int count = measured;
                costs(result, phase, count, count);
                result.put("p50Ms", percentileMs(latencies, count, 0.50));
                result.put("p99Ms", percentileMs(latencies, count, 0.99));
                result.complete = done;
                if (!done) {
                    result.note = "timed out after " + run.timeout() + " with " + complete + " of " + total + " messages complete";
                }
                return result;
            } finally {
                long all = delivered;
                result.lost = (long) receivers * total - all;
                result.duplicates = duplicates;
                result.outOfOrder = outOfOrder;
                room.close();
                from.close();
            }
        }

        private Result incomplete(Result result, String why) {
            result.complete = false;
            result.note = why;
            return result;
        }

        void received(int r, int seq, long nanos) {
            if (seq < 0 || seq >= total) {
                return;
            }
            if (seen[r].get(seq)) {
                duplicates++;
                return;
            }
            seen[r].set(seq);
            if (seq < last[r]) {
                outOfOrder++;
            }
            last[r] = seq;
            delivered++;
            if (seq >= warmUp) {
                latencies[measured] = nanos - sentNanos[seq];
                measured++;
            }
            if (++deliveredPerMessage[seq] == receivers) {
                complete++;
                if (rate <= 0 || nextToSend < warmUp) {
                    fillWindow();
                }
            }
        }

        void fillWindow() {
            int limit = rate > 0 ? warmUp : total;
            while (nextToSend < limit && nextToSend - complete < window) {
                sendNext();
            }
        }

        void sendNext() {
            int seq = nextToSend++;
            sentNanos[seq] = System.nanoTime();
            sender.send("{\"type\":\"message\",\"to\":[\"" + ROOM + "\"],\"data\":{\"s\":" + seq + "}}");
        }
    }
}
