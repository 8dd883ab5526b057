package org.symple.server.peers;

import org.symple.server.protocol.OutgoingFrame;

/** Where frames for one peer of this instance go: its WebSocket connection or a virtual peer's handler. */
public interface PeerSink {

    /** Delivers one frame (shared by every recipient of a fan-out); must not block. */
    void deliver(OutgoingFrame frame);

    /** The peer's session went on elsewhere (resumed on another connection or instance): let go of it quietly. */
    default void handOver() {
    }
}
