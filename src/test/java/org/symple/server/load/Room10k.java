package org.symple.server.load;

import java.util.Arrays;
import java.util.Map;

/**
 * On a fresh server with its default settings but SYMPLE_MAX_CONNECTIONS raised to 12,000: {@code count} peers
 * connect and join one room (each sends join after its welcome), then one message to the room must reach every other
 * member exactly once (sent by the last member, a silent one on our servers, so that no presence backlog delays it).
 * Members the server dropped (a reader too slow for the default queue bound or send timeout during the room's
 * presence) are counted and named in the note. Reports the time until the last join:ok, the time until the message reached everyone, the
 * server CPU of both phases and the resident memory per member. On our servers the room's first
 * SYMPLE_ROOM_PRESENCE_LIMIT (1,000) members see each other; the rest are silent members. With two instances on
 * one Redis the members alternate between them; CPU and memory are the two instances' sums.
 */
final class Room10k extends Scenario {

    private static final String ROOM = "big";
    private static final byte[] MESSAGE = Frames.ascii("\"type\":\"message\"");

    private final int count;
    private final int instances;

    /** {@code count} members on one instance, or shared out over two instances on one Redis. */
    Room10k(String name, int count, int instances) {
        super(name);
        this.count = count;
        this.instances = instances;
    }

    @Override
    int instances() {
        return instances;
    }

    @Override
    boolean onV4() {
        return instances == 1; // the reference has no cluster
    }

    @Override
    boolean onCeiling() {
        return false;
    }

    @Override
    boolean needsFreshServer() {
        return true;
    }

    @Override
    Map<String, String> settings() {
        return Map.of("SYMPLE_MAX_CONNECTIONS", "12000");
    }

    @Override
    Result run(Run run) {
        Result result = run.result(name);
        result.put("members", count);
        long rssBefore = run.server().rssBytes();
        long[] joined = new long[2]; // join:ok count, nanos of the last
        long[] got = new long[count];
        long[] delivery = new long[3]; // deliveries, duplicates, nanos of the last
        long[] sent = new long[1];
        int[] dropped = new int[1];
        Crowd crowd = new Crowd(run, 0, count, i -> ROOM, i -> null, 100) {
            @Override
            public void text(WsClient client, byte[] bytes, int offset, int length, long nanos) {
                boolean welcome = client.peerId == null;
                super.text(client, bytes, offset, length, nanos);
                if (welcome && client.peerId != null) {
                    client.send("{\"type\":\"join\",\"room\":\"" + ROOM + "\"}");
                }
            }

            @Override
            public void closed(WsClient client) {
                if (client.peerId != null) {
                    dropped[0]++;
                }
                super.closed(client);
            }

            @Override
            void frame(WsClient client, int i, byte[] bytes, int offset, int length, long nanos) {
                if (Frames.contains(bytes, offset, length, JOIN_OK)) {
                    joined[0]++;
                    joined[1] = nanos;
                } else if (Frames.contains(bytes, offset, length, MESSAGE)) {
                    if (got[i]++ > 0) {
                        delivery[1]++;
                    } else {
                        delivery[0]++;
                        delivery[2] = nanos;
                    }
                }
            }
        };
        long t0 = System.nanoTime();
        Meter start = Meter.now(run.server(), run.generator());
        boolean connected = crowd.connect(run.timeout().multipliedBy(10));
        boolean allJoined = connected && await(run, () -> crowd.presenceTotal >= 0 && joined[0] >= count, run.timeout().multipliedBy(4));
        Meter join = Meter.now(run.server(), run.generator()).since(start);
        result.put("connectAndJoinMs", (joined[1] - t0) / 1e6);
        result.put("joinServerCpuSeconds", join.serverCpuNanos() / 1e9);
        boolean quiet = allJoined && awaitQuiet(run, crowd);
        long rssAfter = run.server().rssBytes();
        result.put("rssPerMemberKB", (rssAfter - rssBefore) / 1024.0 / Math.max(1, joined[0]));
        result.put("presenceFrames", crowd.presenceTotal);
        // members that heard any presence: the room's seeing members (SYMPLE_ROOM_PRESENCE_LIMIT) as their own
        // instances counted them; more than the limit when two instances admitted seeing members at once
        result.put("presenceReceivers", Arrays.stream(crowd.presences).filter(n -> n > 0).count());
        Meter before = Meter.now(run.server(), run.generator());
        run.generator().submit(() -> {
            sent[0] = System.nanoTime();
            crowd.byLocal[count - 1].send("{\"type\":\"message\",\"to\":[\"" + ROOM + "\"],\"data\":{\"s\":1}}");
        });
        boolean delivered = quiet && await(run, () -> crowd.presenceTotal >= 0 && delivery[0] >= count - 1, run.timeout());
        Meter message = Meter.now(run.server(), run.generator()).since(before);
        costs(result, message, delivery[0], delivery[0]);
        result.put("deliveryMs", delivery[0] == 0 ? Double.NaN : (delivery[2] - sent[0]) / 1e6);
        result.put("droppedMembers", dropped[0]);
        result.lost = (count - 1) - delivery[0];
        result.duplicates = delivery[1];
        result.complete = allJoined && delivered;
        if (!result.complete) {
            result.note = crowd.welcomed + " welcomed, " + joined[0] + " joined, " + dropped[0] + " dropped by the server, "
                    + delivery[0] + " got the message"
                    + (quiet ? "" : ", presence never settled");
        }
        crowd.close();
        return result;
    }

}
