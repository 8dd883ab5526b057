package org.symple.server.protocol;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * One frame on its way to peers, built once per fan-out and shared by every recipient: its text, its UTF-8 size
 * (what the outbound queues are bounded by), its coalescing key, and the frame as an object, parsed only when a
 * recipient asks for it (a virtual peer's handler).
 * <p>
 * The coalescing key is the sender's address for a presence frame that is not a probe: queued presence of one peer
 * may be replaced by its newer presence (latest wins). Probes expect an answer and nothing else is ever replaced.
 */
public final class OutgoingFrame {

    private final String text;
    private final long bytes;
    private final String coalesceKey;
    private volatile JsonObject object;

    private OutgoingFrame(String text, JsonObject object, String coalesceKey) {
        this.text = text;
        this.bytes = Utf8.length(text);
        this.object = object;
        this.coalesceKey = coalesceKey;
    }

    /** A routed or injected frame: serialised here, coalesced when it is a peer's presence. */
    public static OutgoingFrame of(JsonObject frame) {
        return new OutgoingFrame(FrameCodec.write(frame), frame, coalesceKey(frame));
    }

    /**
     * A frame sent as this text and never coalesced: a peer's message already given its {@code from}, or a frame
     * the server answers one peer with (welcome, acknowledgement, error).
     */
    public static OutgoingFrame verbatim(String text) {
        return new OutgoingFrame(text, null, null);
    }

    /** A frame already serialised elsewhere (another instance) with the coalescing key it was given there. */
    public static OutgoingFrame serialised(String text, String coalesceKey) {
        return new OutgoingFrame(text, null, coalesceKey);
    }

    /** The key under which queued presence of one peer replaces older presence of that peer; null for the rest. */
    public static String coalesceKey(JsonObject frame) {
        if (!"presence".equals(FrameCodec.string(frame, "type")) || frame.get("probe") == JsonValue.TRUE) {
            return null;
        }
        return FrameCodec.string(frame, "from");
    }

    public String text() {
        return text;
    }

    /** UTF-8 bytes of the text. */
    public long bytes() {
        return bytes;
    }

    /** Null when this frame is never replaced by a later one. */
    public String coalesceKey() {
        return coalesceKey;
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
