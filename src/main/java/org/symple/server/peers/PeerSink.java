package org.symple.server.peers;

import jakarta.json.JsonObject;

/** Where frames for one peer go: a WebSocket connection or a virtual peer's handler. */
public interface PeerSink {

    /**
     * Delivers one frame. {@code text} is the frame already serialised (shared by every recipient of a fan-out);
     * {@code frame} is the same frame as an object. Must not block.
     */
    void deliver(String text, JsonObject frame);
}
