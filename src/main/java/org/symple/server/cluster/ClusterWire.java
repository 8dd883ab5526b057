package org.symple.server.cluster;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.symple.server.peers.Departure;
import org.symple.server.protocol.FrameCodec;
import org.symple.server.protocol.OutgoingFrame;

/**
 * The Redis names and messages instances use among themselves (never {@code symple:broadcast}, which belongs to
 * external emitters). Keys: a lease per instance, the set of instances, a record per peer and the set of each
 * instance's peers, and the recent departures. Channels: one for directory events, one per instance for frames
 * addressed to its peers.
 */
final class ClusterWire {

    /** Directory events: peers arriving, leaving, changing rooms or their public object. */
    static final String EVENTS = "symple:cluster";
    /** Every instance that holds (or held) peers. */
    static final String NODES = "symple:nodes";
    /** Recent departures (sorted set scored by when they happened), for clients that reconnect anywhere. */
    static final String DEPARTURES = "symple:departures";

    /** What a directory event says. */
    enum Kind { ONLINE, OFFLINE, ROOMS, UPDATE }

    /**
     * A directory event, or a stored peer record (which reads as an ONLINE event): {@code since} is when an online
     * peer came online (0 when not said), {@code departure} what an OFFLINE event says of the peer (may be null),
     * {@code silent} the rooms of {@code rooms} in which the peer's instance made it a silent member (null when the
     * event does not say: an instance of an earlier version, whose peers each instance places itself).
     */
    record Event(Kind kind, String node, String id, JsonObject peer, List<String> rooms, long since, Departure departure,
            boolean resumable, Set<String> silent) {

        /** The rooms in which the peer sees and is seen, as far as the event says. */
        List<String> seeingRooms() {
            return silent == null || silent.isEmpty() ? rooms : rooms.stream().filter(room -> !silent.contains(room)).toList();
        }
    }

    /** A frame for some peers of one instance; {@code seq} > 0 when the cluster numbered it for a resumable peer. */
    record Envelope(List<String> recipients, OutgoingFrame frame, long seq) {
    }

    /**
     * Numbers a frame for one resumable peer and keeps it: KEYS hash, stream; ARGV text, coalescing key ("" for
     * none), stream length, peer id, the instance the sender believes holds the peer. The frame goes to the instance
     * the record names now, with its seq ({@code q}); without a record (Redis lost it) to the believed instance,
     * unnumbered ({@code q} -1), rather than nowhere.
     */
    static final String SEQUENCE = """
            local node = redis.call('HGET', KEYS[1], 'node')
            if not node then
              redis.call('PUBLISH', 'symple:to:' .. ARGV[5], cjson.encode({r = {ARGV[4]}, t = ARGV[1], k = ARGV[2], q = -1}))
              return 0
            end
            local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
            redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[3], '*', 's', seq, 't', ARGV[1], 'k', ARGV[2])
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl > 0 then redis.call('PEXPIRE', KEYS[2], ttl) end
            redis.call('PUBLISH', 'symple:to:' .. node, cjson.encode({r = {ARGV[4]}, t = ARGV[1], k = ARGV[2], q = seq}))
            return seq
            """;

    /**
     * Writes fields of a resumable session's record unless another instance owns it now: KEYS hash, stream, marker;
     * ARGV this instance, time to live, seq if the record has none, then field, value pairs.
     */
    static final String WRITE = """
            local owner = redis.call('HGET', KEYS[1], 'node')
            if owner and owner ~= ARGV[1] then return 0 end
            if #ARGV > 3 then
              redis.call('HSET', KEYS[1], 'node', ARGV[1], unpack(ARGV, 4))
              redis.call('HSETNX', KEYS[1], 'seq', ARGV[3])
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            redis.call('PEXPIRE', KEYS[2], ARGV[2])
            redis.call('SET', KEYS[3], '1', 'PX', 2 * tonumber(ARGV[2]))
            return 1
            """;

    /** Deletes a resumable session's record and frames if this instance owns it: KEYS hash, stream, marker; ARGV this instance, whether to keep the marker. */
    static final String END = """
            if redis.call('HGET', KEYS[1], 'node') ~= ARGV[1] then return 0 end
            redis.call('DEL', KEYS[1], KEYS[2])
            if ARGV[2] == '0' then redis.call('DEL', KEYS[3]) end
            return 1
            """;

    /**
     * Takes a resumable session over when its token hash is still the expected one: KEYS hash, stream; ARGV expected
     * hash, new hash, this instance, peer id, used hashes kept. Answers {won, last seq, entries}.
     */
    static final String TAKE_OVER = """
            local h = redis.call('HMGET', KEYS[1], 'token', 'node', 'used', 'seq')
            if h[1] ~= ARGV[1] then return {0, 0, {}} end
            local used = ARGV[1] .. ' ' .. (h[3] or '')
            used = string.sub(used, 1, 65 * tonumber(ARGV[5]))
            redis.call('HSET', KEYS[1], 'token', ARGV[2], 'node', ARGV[3], 'used', used, 'lost', 0)
            if h[2] and h[2] ~= ARGV[3] then redis.call('SREM', 'symple:nodepeers:' .. h[2], ARGV[4]) end
            return {1, tonumber(h[4] or '0'), redis.call('XRANGE', KEYS[2], '-', '+')}
            """;

    private ClusterWire() {
    }

    static String lease(String node) {
        return "symple:lease:" + node;
    }

    static String nodePeers(String node) {
        return "symple:nodepeers:" + node;
    }

    static String sweepClaim(String node) {
        return "symple:sweep:" + node;
    }

    static String peer(String id) {
        return "symple:peer:" + id;
    }

    static String inbox(String node) {
        return "symple:to:" + node;
    }

    /** A resumable session's record (hash). */
    static String resume(String id) {
        return "symple:resume:" + id;
    }

    /** A resumable session's numbered frames (stream). */
    static String resumeFrames(String id) {
        return "symple:resume:" + id + ":frames";
    }

    /** Marks that a resumable session of this id existed recently (so that its token reads as expired). */
    static String resumeGone(String id) {
        return "symple:resume:" + id + ":gone";
    }

    /**
     * An ONLINE event; also the stored record of a peer, online since {@code since} (epoch milliseconds), silent in
     * the rooms of {@code silent}, whose session can be resumed when {@code resumable} ({@code "resume":true}).
     */
    static String online(String node, JsonObject peer, Collection<String> rooms, Collection<String> silent, long since,
            boolean resumable) {
        JsonObjectBuilder event = FrameCodec.JSON.createObjectBuilder().add("e", "online").add("node", node)
                .add("id", peer.getString("id")).add("peer", peer).add("rooms", FrameCodec.JSON.createArrayBuilder(rooms))
                .add("silent", FrameCodec.JSON.createArrayBuilder(silent)).add("since", since);
        if (resumable) {
            event.add("resume", true);
        }
        return FrameCodec.write(event.build());
    }

    /** An OFFLINE event with what the other instances remember of the departure. */
    static String offline(String node, Departure departure) {
        return FrameCodec.write(FrameCodec.JSON.createObjectBuilder().add("e", "offline").add("node", node)
                .add("id", departure.id()).add("departure", departure.toJson()).build());
    }

    /** A departure as a member of {@link #DEPARTURES}. */
    static String departure(Departure departure) {
        return FrameCodec.write(departure.toJson());
    }

    /** A member of {@link #DEPARTURES}, or empty when it is not one. */
    static Optional<Departure> departure(String text) {
        return FrameCodec.parseObject(text).flatMap(Departure::fromJson);
    }

    /** The departure of a peer whose stored record this is (its instance died), as of {@code offlineAt}. */
    static Optional<Departure> departureOf(String record, long offlineAt) {
        return event(record).filter(event -> event.kind() == Kind.ONLINE)
                .map(event -> Departure.of(event.peer(), event.seeingRooms(), event.since(), offlineAt));
    }

    /** A ROOMS event: the peer's rooms now, silent in those of {@code silent}. */
    static String rooms(String node, String id, Collection<String> rooms, Collection<String> silent) {
        return FrameCodec.write(FrameCodec.JSON.createObjectBuilder().add("e", "rooms").add("node", node).add("id", id)
                .add("rooms", FrameCodec.JSON.createArrayBuilder(rooms))
                .add("silent", FrameCodec.JSON.createArrayBuilder(silent)).build());
    }

    static String update(String node, JsonObject peer) {
        return FrameCodec.write(FrameCodec.JSON.createObjectBuilder().add("e", "update").add("node", node)
                .add("id", peer.getString("id")).add("peer", peer).build());
    }

    /** Recipients {@code r}, the frame's text {@code t} and, for presence that may be coalesced, its key {@code k}. */
    static String envelope(Collection<String> recipients, OutgoingFrame frame) {
        JsonObjectBuilder envelope = FrameCodec.JSON.createObjectBuilder()
                .add("r", FrameCodec.JSON.createArrayBuilder(recipients)).add("t", frame.text());
        if (frame.replaceable()) {
            envelope.add("k", frame.coalesceKey());
        }
        return FrameCodec.write(envelope.build());
    }

    /** The event in a message, or empty when it is not a well-formed one. */
    static Optional<Event> event(String text) {
        Optional<JsonObject> parsed = FrameCodec.parseObject(text);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        JsonObject json = parsed.get();
        String kind = FrameCodec.string(json, "e");
        String node = FrameCodec.string(json, "node");
        String id = FrameCodec.string(json, "id");
        if (kind == null || node == null || id == null) {
            return Optional.empty();
        }
        JsonValue peer = json.get("peer");
        JsonObject peerObject = peer != null && peer.getValueType() == JsonValue.ValueType.OBJECT ? peer.asJsonObject() : null;
        Kind parsedKind;
        switch (kind) {
            case "online" -> parsedKind = Kind.ONLINE;
            case "offline" -> parsedKind = Kind.OFFLINE;
            case "rooms" -> parsedKind = Kind.ROOMS;
            case "update" -> parsedKind = Kind.UPDATE;
            default -> {
                return Optional.empty();
            }
        }
        if ((parsedKind == Kind.ONLINE || parsedKind == Kind.UPDATE) && !validPeer(peerObject, id)) {
            return Optional.empty();
        }
        long since = json.get("since") instanceof JsonNumber number ? number.longValue() : 0;
        Departure departure = Departure.fromJson(json.get("departure")).filter(d -> d.id().equals(id)).orElse(null);
        List<String> rooms = strings(json.get("rooms"));
        Set<String> silent = json.containsKey("silent") ? Set.copyOf(strings(json.get("silent"))) : null;
        return Optional.of(new Event(parsedKind, node, id, peerObject, rooms, since, departure,
                json.get("resume") == JsonValue.TRUE, silent));
    }

    static Optional<Envelope> envelope(String text) {
        Optional<JsonObject> parsed = FrameCodec.parseObject(text);
        if (parsed.isEmpty() || FrameCodec.string(parsed.get(), "t") == null) {
            return Optional.empty();
        }
        JsonObject envelope = parsed.get();
        String key = FrameCodec.string(envelope, "k");
        long seq = envelope.get("q") instanceof JsonNumber number ? number.longValue() : 0;
        return Optional.of(new Envelope(strings(envelope.get("r")),
                OutgoingFrame.serialised(envelope.getString("t"), key == null || key.isEmpty() ? null : key), seq));
    }

    private static boolean validPeer(JsonObject peer, String id) {
        return peer != null && id.equals(FrameCodec.string(peer, "id")) && FrameCodec.string(peer, "user") != null;
    }

    private static List<String> strings(JsonValue value) {
        if (value == null || value.getValueType() != JsonValue.ValueType.ARRAY) {
            return List.of();
        }
        JsonArray array = value.asJsonArray();
        return array.stream().filter(v -> v.getValueType() == JsonValue.ValueType.STRING)
                .map(v -> ((JsonString) v).getString()).toList();
    }

    /** The answer of {@link #TAKE_OVER}: {won, last seq, [[entry id, [s, seq, t, text, k, key]], …]}. */
    static ResumeRecord.TakeOver takeOver(Object answer) {
        if (!(answer instanceof List<?> parts) || parts.size() < 3 || !(parts.get(0) instanceof Long won) || won == 0) {
            return new ResumeRecord.TakeOver(false, 0, List.of());
        }
        long seq = parts.get(1) instanceof Long number ? number : 0;
        java.util.ArrayList<OutgoingFrame> frames = new java.util.ArrayList<>();
        if (parts.get(2) instanceof List<?> entries) {
            for (Object entry : entries) {
                if (entry instanceof List<?> pair && pair.size() == 2 && pair.get(1) instanceof List<?> fields) {
                    java.util.Map<String, String> values = new java.util.HashMap<>();
                    for (int i = 0; i + 1 < fields.size(); i += 2) {
                        values.put(text(fields.get(i)), text(fields.get(i + 1)));
                    }
                    try {
                        String key = values.get("k");
                        frames.add(OutgoingFrame.serialised(values.get("t"), key == null || key.isEmpty() ? null : key)
                                .withSeq(Long.parseLong(values.get("s"))));
                    } catch (RuntimeException malformed) {
                        // an entry that is not one of ours is skipped
                    }
                }
            }
        }
        return new ResumeRecord.TakeOver(true, seq, frames);
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(value);
    }
}
