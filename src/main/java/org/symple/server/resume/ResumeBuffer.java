package org.symple.server.resume;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.symple.server.protocol.OutgoingFrame;

/**
 * The frames last sent to one session, in seq order, for replay after a lost connection: at most {@code maxFrames}
 * frames and {@code maxBytes} UTF-8 bytes, none older than the window; the oldest go first. Not thread-safe: its
 * {@link ResumeSession} guards it.
 */
final class ResumeBuffer {

    private record Entry(OutgoingFrame frame, long atMillis) {
    }

    private final int maxFrames;
    private final long maxBytes;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long bytes;

    ResumeBuffer(int maxFrames, long maxBytes) {
        this.maxFrames = maxFrames;
        this.maxBytes = maxBytes;
    }

    /** Keeps a stamped frame (its seq above every one held); returns how many older frames the bounds dropped. */
    int add(OutgoingFrame stamped, long nowMillis) {
        entries.addLast(new Entry(stamped, nowMillis));
        bytes += stamped.bytes();
        int dropped = 0;
        while (entries.size() > maxFrames || bytes > maxBytes) {
            bytes -= entries.removeFirst().frame().bytes();
            dropped++;
        }
        return dropped;
    }

    /** Drops the frames sent before {@code cutoffMillis}; returns how many. */
    int dropOlderThan(long cutoffMillis) {
        int dropped = 0;
        while (!entries.isEmpty() && entries.peekFirst().atMillis() < cutoffMillis) {
            bytes -= entries.removeFirst().frame().bytes();
            dropped++;
        }
        return dropped;
    }

    /**
     * Every frame after {@code seq} in order, when all of them are still here ({@code last} is the seq of the last
     * frame sent); empty when some were dropped.
     */
    Optional<List<OutgoingFrame>> after(long seq, long last) {
        if (seq >= last) {
            return Optional.of(List.of());
        }
        if (entries.isEmpty() || entries.peekFirst().frame().seq() > seq + 1) {
            return Optional.empty();
        }
        List<OutgoingFrame> frames = new ArrayList<>();
        for (Iterator<Entry> it = entries.iterator(); it.hasNext();) {
            OutgoingFrame frame = it.next().frame();
            if (frame.seq() > seq) {
                frames.add(frame);
            }
        }
        return Optional.of(frames);
    }

    /** Forgets the frames up to and including {@code seq} (the client has them). */
    void acknowledge(long seq) {
        while (!entries.isEmpty() && entries.peekFirst().frame().seq() <= seq) {
            bytes -= entries.removeFirst().frame().bytes();
        }
    }

    int frames() {
        return entries.size();
    }

    long bytes() {
        return bytes;
    }
}
