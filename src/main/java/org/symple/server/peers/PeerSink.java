package org.symple.server.peers;

import org.symple.server.protocol.OutgoingFrame;

/** Where frames for one peer of this instance go: its WebSocket connection or a virtual peer's handler. */
public interface PeerSink {

    /** Delivers one frame (shared by every recipient of a fan-out); must not block. */
    void deliver(OutgoingFrame frame);

    /** What {@link #answer} returns when there is nothing left to send. */
    Runnable NOTHING = () -> { };

    /**
     * Queues the answer to the peer's own request ({@code join:ok}, {@code leave:ok}): it may go ahead of frames still
     * waiting for the peer, so that a control answer never waits behind a flood of presence. Returns what sends it,
     * for the caller to run once it holds no lock (a container's send may wait on the container's own locks, and a
     * membership change answered under the membership lock would make every other change wait too); frames delivered
     * meanwhile send it first. Must not block.
     */
    default Runnable answer(OutgoingFrame frame) {
        deliver(frame);
        return NOTHING;
    }

    /** The peer's session went on elsewhere (resumed on another connection or instance): let go of it quietly. */
    default void handOver() {
    }
}
