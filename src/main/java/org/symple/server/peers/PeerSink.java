package org.symple.server.peers;

import org.symple.server.protocol.OutgoingFrame;

/** Where frames for one peer of this instance go: its WebSocket connection or a virtual peer's handler. */
public interface PeerSink {

    /** Delivers one frame (shared by every recipient of a fan-out); must not block. */
    void deliver(OutgoingFrame frame);

    /**
     * Delivers the answer to the peer's own request ({@code join:ok}, {@code leave:ok}): it may go ahead of frames
     * still waiting for the peer, so that a control answer never waits behind a flood of presence. Must not block.
     */
    default void answer(OutgoingFrame frame) {
        deliver(frame);
    }

    /** The peer's session went on elsewhere (resumed on another connection or instance): let go of it quietly. */
    default void handOver() {
    }
}
