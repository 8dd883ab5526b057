package org.symple.server.protocol;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * One frame on its way to peers, built once per fan-out and shared by every recipient: its text, its UTF-8 size
 * (what the outbound queues are bounded by), its coalescing key, and the frame as an object, parsed only when a
 * recipient asks for it (a virtual peer's handler).
 * <p>
 * Presence carries the address of the peer it is about as its coalescing key: a newer presence of that peer
 * supersedes an older one still waiting in a recipient's queue (latest wins). A probe supersedes but is never
 * superseded itself, since it asks for an answer; nothing else is ever replaced. Presence the server builds itself
 * (snapshots, announcements) is marked as such, so that a session that asked for batched presence gets it batched.
 */
public final class OutgoingFrame {

    private final String text;
    private final long bytes;
    private final String coalesceKey;
    private final boolean replaceable;
    private final boolean serverPresence;
    private final long seq;
    private volatile JsonObject object;
    private volatile String presenceData;

    private OutgoingFrame(String text, JsonObject object, String coalesceKey, boolean replaceable, boolean serverPresence) {
        this(text, object, coalesceKey, replaceable, serverPresence, 0);
    }

    private OutgoingFrame(String text, JsonObject object, String coalesceKey, boolean replaceable, boolean serverPresence,
            long seq) {
        this.seq = seq;
        this.text = text;
        this.bytes = Utf8.length(text);
        this.object = object;
        this.coalesceKey = coalesceKey;
        this.replaceable = replaceable;
        this.serverPresence = serverPresence;
    }

    /** A routed or injected frame: serialised here, keyed by its sender when it is presence. */
    public static OutgoingFrame of(JsonObject frame) {
        boolean presence = "presence".equals(FrameCodec.string(frame, "type"));
        boolean probe = frame.get("probe") == JsonValue.TRUE;
        return new OutgoingFrame(FrameCodec.write(frame), frame, presence ? FrameCodec.string(frame, "from") : null,
                presence && !probe, false);
    }

    /**
     * A frame sent as this text and never coalesced: a peer's message already given its {@code from}, or a frame
     * the server answers one peer with (welcome, acknowledgement, error).
     */
    public static OutgoingFrame verbatim(String text) {
        return new OutgoingFrame(text, null, null, false, false);
    }

    /** A frame already serialised elsewhere (another instance), replaceable under {@code coalesceKey} when not null. */
    public static OutgoingFrame serialised(String text, String coalesceKey) {
        return new OutgoingFrame(text, null, coalesceKey, coalesceKey != null, false);
    }

    /** The server's presence of peer {@code from}: {@code {"type":"presence","from":…,"data":{…}}}. */
    public static OutgoingFrame presence(String from, JsonObject data) {
        return new OutgoingFrame(FrameCodec.write(FrameCodec.presence(from, data)), null, from, true, true)
                .withData(data);
    }

    /** The server's presence of peer {@code from}, already serialised (a remembered departure). */
    public static OutgoingFrame presence(String from, String text) {
        return new OutgoingFrame(text, null, from, true, true);
    }

    /**
     * This frame for one session of the {@code resume} extension: {@code "seq":N} appended as the last member of the
     * object, so that a {@code seq} the sender wrote itself is superseded (a JSON parser keeps the last of equal keys).
     * Coalescing and batching work as for the frame itself.
     */
    public OutgoingFrame withSeq(long number) {
        OutgoingFrame stamped = new OutgoingFrame(withMember(text, "seq", number), null, coalesceKey, replaceable,
                serverPresence, number);
        stamped.presenceData = presenceData;
        return stamped;
    }

    /** The sequence number of a frame stamped with {@link #withSeq}; 0 for any other. */
    public long seq() {
        return seq;
    }

    /** {@code json} (the text of an object) with {@code "name":number} added as its last member. */
    static String withMember(String json, String name, long number) {
        int close = json.lastIndexOf('}');
        int before = close - 1;
        while (before >= 0 && Character.isWhitespace(json.charAt(before))) {
            before--;
        }
        boolean empty = before >= 0 && json.charAt(before) == '{';
        return new StringBuilder(json.length() + name.length() + 24).append(json, 0, close)
                .append(empty ? "\"" : ",\"").append(name).append("\":").append(number).append(json, close, json.length())
                .toString();
    }

    private OutgoingFrame withData(JsonObject data) {
        presenceData = FrameCodec.write(data);
        return this;
    }

    public String text() {
        return text;
    }

    /** UTF-8 bytes of the text. */
    public long bytes() {
        return bytes;
    }

    /** The address of the peer this presence is about; null for every other frame. */
    public String coalesceKey() {
        return coalesceKey;
    }

    /** Whether a newer presence of the same peer may replace this one while it waits (false for probes). */
    public boolean replaceable() {
        return replaceable;
    }

    /** Whether this is presence the server built itself (not a frame a peer sent). */
    public boolean isServerPresence() {
        return serverPresence;
    }

    /** The {@code data} of a server presence frame as JSON text; null for other frames. */
    public String presenceData() {
        if (!serverPresence) {
            return null;
        }
        String data = presenceData;
        if (data == null) {
            JsonValue parsed = object().get("data");
            data = parsed == null ? "{}" : parsed.toString();
            presenceData = data;
        }
        return data;
    }

    /** The frame as an object, parsed on first use when it was built from text (an empty object if it is not one). */
    public JsonObject object() {
        JsonObject parsed = object;
        if (parsed == null) {
            parsed = FrameCodec.parseObject(text).orElse(JsonValue.EMPTY_JSON_OBJECT);
            object = parsed;
        }
        return parsed;
    }

    @Override
    public String toString() {
        return text;
    }
}
