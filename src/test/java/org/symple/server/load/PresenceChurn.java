package org.symple.server.load;

/**
 * A room of {@code observers}; {@code churners} further peers, {@code concurrency} at a time, connect into that room,
 * wait for their welcome and disconnect. Every observer must hear each churner go offline exactly once, after its
 * online presence or without it: a churner's online presence still waiting in an observer's queue when it leaves is
 * replaced by its offline one (docs/protocol.md, Routing), which leaves the same roster. An online presence after the
 * offline one, or either twice, is a fault. One operation is one churn cycle (connect, auth, welcome, snapshot, close and both
 * presences to every observer).
 */
final class PresenceChurn extends Scenario {

    private static final String ROOM = "churn";

    private final int observers;
    private final int churners;
    private final int concurrency;

    PresenceChurn(String name, int observers, int churners, int concurrency) {
        super(name);
        this.observers = observers;
        this.churners = churners;
        this.concurrency = concurrency;
    }

    @Override
    boolean onCeiling() {
        return false;
    }

    @Override
    boolean onV4() {
        return false; // its set-up waits for each observer to hear of all others, which the reference never tells earlier members
    }

    @Override
    Result run(Run run) {
        Result result = run.result(name);
        result.put("observers", observers).put("churners", churners).put("concurrency", concurrency);
        byte[][] state = new byte[observers][churners]; // 0 unseen, 1 online, 2 offline
        long[] counts = new long[3]; // duplicates or out of order, offline seen, online replaced by offline
        Crowd room = new Crowd(run, 0, observers, i -> ROOM, i -> ROOM, 100) {
            @Override
            void frame(WsClient client, int o, byte[] bytes, int offset, int length, long nanos) {
                if (!Frames.contains(bytes, offset, length, PRESENCE)) {
                    return;
                }
                int c = Frames.intAfter(bytes, offset, length, FROM_USER) - observers;
                if (c < 0 || c >= churners) {
                    return;
                }
                boolean offline = Frames.contains(bytes, offset, length, OFFLINE);
                if (offline ? state[o][c] == 2 : state[o][c] != 0) {
                    counts[0]++;
                    return;
                }
                if (offline && state[o][c] == 0) {
                    counts[2]++;
                }
                state[o][c] = offline ? (byte) 2 : (byte) 1;
                if (offline) {
                    counts[1]++;
                }
            }
        };
        if (!room.connect(run.timeout()) || !room.awaitPresences(observers - 1, run.timeout().multipliedBy(4))) {
            result.complete = false;
            result.note = "observers not set up";
            room.close();
            return result;
        }
        Crowd churn = new Crowd(run, observers, churners, i -> ROOM, i -> ROOM, concurrency) {
            @Override
            public void text(WsClient client, byte[] bytes, int offset, int length, long nanos) {
                super.text(client, bytes, offset, length, nanos);
                if (client.peerId != null && !client.isClosed()) {
                    client.close(); // leaves right after its welcome
                }
            }

            @Override
            public void closed(WsClient client) {
                // closing is the point here; a churner that never got its welcome counts as failed
                if (client.peerId == null) {
                    super.closed(client);
                }
            }
        };
        long expectedOffline = (long) observers * churners;
        Meter start = Meter.now(run.server(), run.generator());
        churn.start();
        boolean done = await(run, () -> room.presenceTotal >= 0 && counts[1] >= expectedOffline,
                run.timeout().multipliedBy(4));
        Meter phase = Meter.now(run.server(), run.generator()).since(start);
        costs(result, phase, churn.welcomed, 2 * (long) observers * churners);
        result.put("serverCpuPerPresenceUs", phase.serverCpuNanos() / 1e3 / (2.0 * observers * churners));
        putPercentiles(result, churn.welcomeNanos);
        result.lost = expectedOffline - counts[1];
        result.put("onlineReplacedByOffline", counts[2]);
        result.outOfOrder = counts[0];
        result.complete = done;
        if (!done) {
            result.note = counts[1] + " of " + expectedOffline + " offline presences arrived";
        }
        room.close();
        return result;
    }
}
