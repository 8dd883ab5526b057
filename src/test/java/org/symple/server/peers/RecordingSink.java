package org.symple.server.peers;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.symple.server.protocol.FrameCodec;
import org.symple.server.protocol.OutgoingFrame;

/** A peer sink that keeps every frame delivered to it, in order. */
public final class RecordingSink implements PeerSink {

    private final List<OutgoingFrame> frames = new ArrayList<>();

    @Override
    public synchronized void deliver(OutgoingFrame frame) {
        frames.add(frame);
    }

    /** Every frame delivered so far, oldest first. */
    public synchronized List<OutgoingFrame> frames() {
        return List.copyOf(frames);
    }

    /** Every frame delivered so far, parsed. */
    public synchronized List<JsonObject> objects() {
        return frames.stream().map(frame -> FrameCodec.parseObject(frame.text()).orElseThrow()).toList();
    }

    /** Forgets what was delivered so far. */
    public synchronized void clear() {
        frames.clear();
    }
}
