package org.symple.server.connection;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import org.symple.server.protocol.OutgoingFrame;
import org.symple.server.runtime.Scheduler;

/**
 * The {@code presence-batch} extension for one connection: the server's presence (snapshots, announcements, offline
 * notices) is gathered for up to {@value #DELAY_MILLIS} ms, at most {@value #MAX_PEERS} peers, and sent as one
 * {@code {"type":"presence:batch","peers":[…]}} frame, each element the {@code data} a presence frame would carry; a
 * later fact about a peer replaces an earlier one still waiting. Every other frame first sends what is gathered, so
 * the order of facts and frames is kept. For a session of the {@code resume} extension the batch carries the highest
 * {@code seq} of the facts in it.
 */
final class PresenceBatch {

    static final long DELAY_MILLIS = 50;
    static final int MAX_PEERS = 500;
    private static final String OPEN = "{\"type\":\"presence:batch\",\"peers\":[";

    private final OutboundQueue outbound;
    private final Scheduler scheduler;
    private final Map<String, String> pending = new LinkedHashMap<>();
    private ScheduledFuture<?> timer;
    private long seq;

    PresenceBatch(OutboundQueue outbound, Scheduler scheduler) {
        this.outbound = outbound;
        this.scheduler = scheduler;
    }

    /** Gathers server presence; sends anything else after what was gathered. */
    synchronized void deliver(OutgoingFrame frame) {
        if (!frame.isServerPresence()) {
            flush();
            outbound.offer(frame);
            return;
        }
        pending.remove(frame.coalesceKey());
        pending.put(frame.coalesceKey(), frame.presenceData());
        seq = Math.max(seq, frame.seq());
        if (pending.size() >= MAX_PEERS) {
            flush();
        } else if (timer == null) {
            timer = scheduler.schedule(this::flush, DELAY_MILLIS);
        }
    }

    /** Sends what is gathered as one frame. */
    synchronized void flush() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        if (pending.isEmpty()) {
            return;
        }
        StringBuilder frame = new StringBuilder(OPEN.length() + 256 * pending.size()).append(OPEN);
        boolean first = true;
        for (String data : pending.values()) {
            if (!first) {
                frame.append(',');
            }
            frame.append(data);
            first = false;
        }
        pending.clear();
        frame.append(']');
        if (seq > 0) {
            frame.append(",\"seq\":").append(seq); // resume: the highest seq of the facts it carries
            seq = 0;
        }
        outbound.offer(OutgoingFrame.verbatim(frame.append('}').toString()));
    }
}
