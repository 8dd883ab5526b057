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
     * peer came online (0 when not said), {@code departure} what an OFFLINE event says of the peer (may be null).
     */
    record Event(Kind kind, String node, String id, JsonObject peer, List<String> rooms, long since, Departure departure) {
    }

    /** A frame for some peers of one instance. */
    record Envelope(List<String> recipients, OutgoingFrame frame) {
    }

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

    /** An ONLINE event; also the stored record of a peer, online since {@code since} (epoch milliseconds). */
    static String online(String node, JsonObject peer, Collection<String> rooms, long since) {
        return FrameCodec.write(FrameCodec.JSON.createObjectBuilder().add("e", "online").add("node", node)
                .add("id", peer.getString("id")).add("peer", peer).add("rooms", FrameCodec.JSON.createArrayBuilder(rooms))
                .add("since", since).build());
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
                .map(event -> Departure.of(event.peer(), event.rooms(), event.since(), offlineAt));
    }

    static String rooms(String node, String id, Collection<String> rooms) {
        return FrameCodec.write(FrameCodec.JSON.createObjectBuilder().add("e", "rooms").add("node", node).add("id", id)
                .add("rooms", FrameCodec.JSON.createArrayBuilder(rooms)).build());
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
        return Optional.of(new Event(parsedKind, node, id, peerObject, strings(json.get("rooms")), since, departure));
    }

    static Optional<Envelope> envelope(String text) {
        Optional<JsonObject> parsed = FrameCodec.parseObject(text);
        if (parsed.isEmpty() || FrameCodec.string(parsed.get(), "t") == null) {
            return Optional.empty();
        }
        JsonObject envelope = parsed.get();
        return Optional.of(new Envelope(strings(envelope.get("r")),
                OutgoingFrame.serialised(envelope.getString("t"), FrameCodec.string(envelope, "k"))));
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
}
