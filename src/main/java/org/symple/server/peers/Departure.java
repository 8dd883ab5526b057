package org.symple.server.peers;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.symple.server.protocol.FrameCodec;

/**
 * A peer that went offline: who it was, the rooms it was in, when it was online (epoch milliseconds), and its
 * offline presence frame as its co-members were told. Remembered for a while so that clients that reconnect can be
 * told of peers that left while they were away.
 */
public record Departure(String id, String user, List<String> rooms, long onlineAt, long offlineAt, String frame) {

    public Departure {
        rooms = List.copyOf(rooms);
    }

    /** The departure of {@code peer}, from {@code rooms}, now. */
    public static Departure of(Peer peer, Collection<String> rooms, long offlineAt) {
        return new Departure(peer.id(), peer.user(), List.copyOf(rooms), peer.onlineAt(), offlineAt,
                peer.presenceFrame(false).text());
    }

    /** The departure of a peer described by its public object (a record another instance wrote). */
    public static Departure of(JsonObject peer, Collection<String> rooms, long onlineAt, long offlineAt) {
        String id = peer.getString("id");
        String user = peer.getString("user");
        JsonObject offline = FrameCodec.JSON.createObjectBuilder(peer).add("online", false).build();
        return new Departure(id, user, List.copyOf(rooms), onlineAt, offlineAt,
                FrameCodec.write(FrameCodec.presence(user + "|" + id, offline)));
    }

    /** Whether the peer was online at some moment between {@code from} and {@code to}. */
    public boolean onlineDuring(long from, long to) {
        return onlineAt <= to && offlineAt >= from;
    }

    /** Whether the peer was in any of these rooms when it left. */
    public boolean wasInAny(Collection<String> names) {
        for (String room : rooms) {
            if (names.contains(room)) {
                return true;
            }
        }
        return false;
    }

    /** As JSON, for other instances and for a restart. */
    public JsonObject toJson() {
        return FrameCodec.JSON.createObjectBuilder().add("id", id).add("user", user)
                .add("rooms", FrameCodec.JSON.createArrayBuilder(rooms)).add("on", onlineAt).add("off", offlineAt)
                .add("frame", frame).build();
    }

    /** A departure written by {@link #toJson()}, or empty when the object is not one. */
    public static Optional<Departure> fromJson(JsonValue value) {
        if (value == null || value.getValueType() != JsonValue.ValueType.OBJECT) {
            return Optional.empty();
        }
        JsonObject json = value.asJsonObject();
        String id = FrameCodec.string(json, "id");
        String user = FrameCodec.string(json, "user");
        String frame = FrameCodec.string(json, "frame");
        JsonValue rooms = json.get("rooms");
        if (id == null || user == null || frame == null || rooms == null
                || rooms.getValueType() != JsonValue.ValueType.ARRAY
                || !(json.get("on") instanceof jakarta.json.JsonNumber on)
                || !(json.get("off") instanceof jakarta.json.JsonNumber off)) {
            return Optional.empty();
        }
        List<String> names = rooms.asJsonArray().stream().filter(room -> room instanceof JsonString)
                .map(room -> ((JsonString) room).getString()).toList();
        return Optional.of(new Departure(id, user, names, on.longValue(), off.longValue(), frame));
    }
}
