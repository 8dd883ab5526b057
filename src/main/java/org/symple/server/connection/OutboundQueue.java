package org.symple.server.connection;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.symple.server.metrics.Counter;
import org.symple.server.metrics.Metrics;
import org.symple.server.protocol.OutgoingFrame;

/**
 * The ordered outbound queue of one connection: one asynchronous send in flight at a time, a bound on the UTF-8
 * bytes waiting (the frame in flight included), and an optional close that runs once everything queued before it
 * was sent.
 *
 * <p>A reader that falls behind the bound is closed, never served with gaps: no frame is ever dropped while the
 * connection lives, with one exception. A peer's presence replaces its presence that has not been sent yet: the
 * latest presence of a peer is what a roster needs, so a burst of presence (a crowd joining a room, a peer changing
 * its status) costs a busy reader one frame per peer, not one per change. A probe replaces too, but is never
 * replaced (it asks for an answer). The replacing frame takes its place at the tail, so it never overtakes frames
 * queued before it.
 *
 * <p>Answers to the peer's own requests ({@link #queueAnswer}: {@code join:ok}, {@code leave:ok}) wait in a lane of
 * their own that is served first: in a crowd, a joiner's queue fills with the presence of everyone already there, and
 * the answer to its join must not wait behind it. Answers keep their order among themselves.
 *
 * <p>Where the socket can take several frames in one write ({@code batchSender}), what has piled up behind the send in
 * flight leaves in one write (at most {@value #BATCH_FRAMES} frames and about {@value #BATCH_BYTES} bytes): in a burst
 * a busy reader costs the server one write per batch, not one per frame. There presence may also wait a few
 * milliseconds for the next write ({@code presenceDelay}), so that a burst of it batches even for a reader that keeps
 * up. Nothing changes on the wire.
 */
public final class OutboundQueue {

    /** Close reason for a reader that lets more than the allowed amount of data pile up. */
    public static final CloseReason OVERFLOW =
            new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "Send queue overflow");

    /** Close reason after the container reported a failed send. */
    public static final CloseReason SEND_FAILED =
            new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "Send failed");

    /** What the queue holds: frames to send, in order, and at most one close after them. */
    private sealed interface Item permits Shared, Replaceable, Close {
    }

    /** A frame sent as it is; the same {@link OutgoingFrame} may sit in many queues (one fan-out). */
    private record Shared(OutgoingFrame frame) implements Item {
    }

    /** Closes the socket once everything before it was sent. */
    private record Close(CloseReason reason) implements Item {
    }

    /**
     * A frame with a coalescing key, in this queue only; whoever claims its text first (the sender or a replacing
     * frame) owns it.
     */
    private static final class Replaceable extends AtomicReference<String> implements Item {
        private static final long serialVersionUID = 1L;
        final long bytes;
        final String key;

        Replaceable(String text, long bytes, String key) {
            super(text);
            this.bytes = bytes;
            this.key = key;
        }

        String claim() {
            return getAndSet(null);
        }
    }

    private final ConcurrentLinkedQueue<Item> items = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Item> answers = new ConcurrentLinkedQueue<>();
    private final ConcurrentHashMap<String, Replaceable> latestByKey = new ConcurrentHashMap<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final Send send = new Send();
    private final long maxBytes;
    /** Most frames in one batched write. */
    static final int BATCH_FRAMES = 64;
    /** A batched write takes no more frames once it holds this many bytes. */
    static final long BATCH_BYTES = 32 * 1024;

    private final BiConsumer<String, SendHandler> sender;
    private final BiConsumer<List<String>, SendHandler> batchSender;
    private final Consumer<OutboundQueue> presenceDelay;
    private final AtomicBoolean flushDue = new AtomicBoolean();
    private final AtomicReference<Runnable> pingDue = new AtomicReference<>();
    private final Consumer<CloseReason> closer;
    private final Metrics metrics;
    private volatile boolean closed;
    private volatile boolean held;
    private volatile long sendStartedNanos;
    /** A close met while a batch was gathered: it comes after that batch (touched only by the pump that is busy). */
    private Item deferred;

    /**
     * @param maxBytes UTF-8 bytes allowed to wait, the frame in flight included
     * @param sender starts an asynchronous send and reports to the handler (possibly before returning)
     * @param closer closes the socket; must not block the calling thread
     */
    public OutboundQueue(long maxBytes, BiConsumer<String, SendHandler> sender, Consumer<CloseReason> closer,
            Metrics metrics) {
        this(maxBytes, sender, null, null, closer, metrics);
    }

    /**
     * @param batchSender starts one asynchronous write of several frames, in order, and reports to the handler once
     *     for all of them; {@code null} where the socket takes one frame per send
     * @param presenceDelay told when presence arrives at this queue, which then waits for the next write or for
     *     {@link #flush()}; {@code null}: presence is sent at once like any other frame
     */
    public OutboundQueue(long maxBytes, BiConsumer<String, SendHandler> sender,
            BiConsumer<List<String>, SendHandler> batchSender, Consumer<OutboundQueue> presenceDelay,
            Consumer<CloseReason> closer, Metrics metrics) {
        this.maxBytes = maxBytes;
        this.sender = sender;
        this.batchSender = batchSender;
        this.presenceDelay = presenceDelay;
        this.closer = closer;
        this.metrics = metrics;
    }

    /** Queues a control frame (never coalesced); false when the queue is closed or this frame overflowed it. */
    public boolean offer(String text) {
        return offer(OutgoingFrame.verbatim(text));
    }

    /**
     * Queues a frame. Presence (a frame with a coalescing key) first takes out the presence of the same peer that still
     * waits here: the newer one supersedes it, at the tail. False when the queue is closed or this frame overflowed it
     * (the socket is then closed).
     */
    public boolean offer(OutgoingFrame outgoing) {
        if (closed) {
            return false;
        }
        String coalesceKey = outgoing.coalesceKey();
        Item item;
        if (coalesceKey == null) {
            item = new Shared(outgoing);
        } else {
            Replaceable frame = outgoing.replaceable() ? new Replaceable(outgoing.text(), outgoing.bytes(), coalesceKey) : null;
            Replaceable older = frame != null ? latestByKey.put(coalesceKey, frame) : latestByKey.remove(coalesceKey);
            if (older != null && older.claim() != null) {
                queuedBytes.addAndGet(-older.bytes);
                metrics.count(Counter.FRAMES_COALESCED);
            }
            item = frame != null ? frame : new Shared(outgoing);
        }
        if (queuedBytes.addAndGet(outgoing.bytes()) > maxBytes) {
            if (finish(OVERFLOW)) {
                metrics.count(Counter.QUEUE_OVERFLOWS);
            }
            return false;
        }
        items.add(item);
        if (closed && finished.get()) {
            items.clear(); // lost a race with an abort: keep nothing for a dead socket
            return false;
        }
        if (coalesceKey != null && presenceDelay != null) {
            if (flushDue.compareAndSet(false, true)) {
                presenceDelay.accept(this);
            }
            return true; // leaves with the next write, or at the flush
        }
        pump();
        return true;
    }

    /** Sends the presence that waited for a write (see the {@code presenceDelay} of the constructor). */
    public void flush() {
        flushDue.set(false);
        pump();
    }

    /**
     * Queues an answer to the peer's own request, ahead of the other frames waiting (not of an answer queued before),
     * without sending it yet: it leaves at the next {@link #send()} or with whatever is sent next (a caller that holds a
     * lock sends once it released it, since a container's send may wait on the container's own locks); false when the
     * queue is closed or this frame overflowed it.
     */
    public boolean queueAnswer(OutgoingFrame answer) {
        if (closed) {
            return false;
        }
        if (queuedBytes.addAndGet(answer.bytes()) > maxBytes) {
            if (finish(OVERFLOW)) {
                metrics.count(Counter.QUEUE_OVERFLOWS);
            }
            return false;
        }
        answers.add(new Shared(answer));
        if (closed && finished.get()) {
            answers.clear();
            return false;
        }
        return true;
    }

    /**
     * Writes a ping (the {@code pinger} writes it) between two sends, never during one: Open Liberty writes a ping
     * synchronously, drops one asked for while a send is in flight and fails a send that starts while a ping is
     * written. The ping goes ahead of the frames waiting, once the send in flight is done; while it is written it
     * counts as the send in flight, so the send watchdog also sees a ping that never leaves. A closing queue sends no
     * more pings.
     */
    public void ping(Runnable pinger) {
        if (closed) {
            return;
        }
        pingDue.set(pinger);
        pump();
    }

    /** Sends what is queued (an answer queued by {@link #queueAnswer}), unless a send is in flight already. */
    public void send() {
        pump();
    }

    /**
     * Frames queued from now on wait until {@link #release()}: the welcome is queued first and leaves only once the
     * peer can be addressed, so a client that answers it at once is never ahead of the server.
     */
    public void hold() {
        held = true;
    }

    /** Sends what was queued while held, in order, and everything after it. */
    public void release() {
        held = false;
        pump();
    }

    /** Closes the socket with this reason after every frame queued so far; later frames are dropped. */
    public void closeAfterPending(CloseReason reason) {
        if (closed) {
            return;
        }
        closed = true;
        items.add(new Close(reason));
        pump();
    }

    /**
     * Drops everything queued and closes the socket now, without waiting for the send in flight; true when this
     * call closed it (false when it was already closed or closing).
     */
    public boolean abort(CloseReason reason) {
        return finish(reason);
    }

    public boolean isClosed() {
        return closed;
    }

    /** UTF-8 bytes waiting or in flight. */
    public long queuedBytes() {
        return queuedBytes.get();
    }

    /** How long the send in flight has been waiting for the peer, or 0 when nothing is in flight. */
    public long sendingForNanos(long nowNanos) {
        long started = sendStartedNanos;
        return started == 0 ? 0 : Math.max(1, nowNanos - started);
    }

    private boolean finish(CloseReason reason) {
        if (!finished.compareAndSet(false, true)) {
            return false;
        }
        closed = true;
        items.clear();
        answers.clear();
        latestByKey.clear();
        queuedBytes.set(0);
        closer.accept(reason);
        return true;
    }

    private void pump() {
        while (!held && busy.compareAndSet(false, true)) {
            if (held) {
                busy.set(false); // held meanwhile: release() pumps again
                continue;
            }
            Runnable pinger = pingDue.getAndSet(null);
            if (pinger != null) {
                writePing(pinger);
                busy.set(false);
                continue;
            }
            Item next = poll();
            if (next == null) {
                busy.set(false);
                if (items.isEmpty() && answers.isEmpty() && pingDue.get() == null) {
                    return;
                }
                continue;
            }
            if (next instanceof Close close) {
                finish(close.reason());
                return; // stays busy: nothing is sent after a close
            }
            String text = claim(next);
            if (text == null) {
                busy.set(false); // replaced by a newer frame further back
                continue;
            }
            List<String> batch = null;
            long bytes = bytesOf(next);
            while (batchSender != null && bytes < BATCH_BYTES && (batch == null || batch.size() < BATCH_FRAMES)) {
                Item more = poll();
                if (more == null) {
                    break;
                }
                if (more instanceof Close) {
                    deferred = more; // after this batch
                    break;
                }
                String moreText = claim(more);
                if (moreText != null) {
                    if (batch == null) {
                        batch = new ArrayList<>();
                        batch.add(text);
                    }
                    batch.add(moreText);
                    bytes += bytesOf(more);
                }
            }
            if (!send.start(text, batch, bytes)) {
                return; // completes later on another thread, which pumps on
            }
        }
    }

    private void writePing(Runnable pinger) {
        sendStartedNanos = System.nanoTime();
        try {
            pinger.run();
        } finally {
            sendStartedNanos = 0;
        }
    }

    /** The next item to send: an answer, else a close held back behind a batch, else the next frame. */
    private Item poll() {
        Item next = answers.poll();
        if (next == null && deferred != null) {
            next = deferred;
            deferred = null;
        }
        return next != null ? next : items.poll();
    }

    /** The frame's text, or null when a newer presence of the same peer took it. */
    private String claim(Item item) {
        if (item instanceof Replaceable frame) {
            latestByKey.remove(frame.key, frame);
            return frame.claim();
        }
        return ((Shared) item).frame().text();
    }

    private static long bytesOf(Item item) {
        return item instanceof Replaceable frame ? frame.bytes : ((Shared) item).frame().bytes();
    }

    /**
     * The send in flight, one object for the queue's whole life (one send at a time); knows whether the completion
     * ran inside the container's sendText call.
     */
    private final class Send implements SendHandler {
        private volatile long bytes;
        private Thread caller;
        private boolean starting;
        private boolean completedInline;

        private volatile int frames;

        /** Starts the send of {@code text}, or of every frame of {@code batch}; true when it completed on this thread. */
        boolean start(String text, List<String> batch, long frameBytes) {
            bytes = frameBytes;
            frames = batch == null ? 1 : batch.size();
            synchronized (this) {
                caller = Thread.currentThread();
                starting = true;
                completedInline = false;
            }
            sendStartedNanos = System.nanoTime();
            try {
                if (batch == null) {
                    sender.accept(text, this);
                } else {
                    batchSender.accept(batch, this);
                }
            } catch (RuntimeException e) {
                onResult(new SendResult(e));
            }
            synchronized (this) {
                starting = false;
                return completedInline;
            }
        }

        @Override
        public void onResult(SendResult result) {
            long started = sendStartedNanos;
            sendStartedNanos = 0;
            if (finished.get()) {
                return; // aborted while in flight: stay busy, send nothing more
            }
            queuedBytes.addAndGet(-bytes); // read before busy is released: no next send has set it yet
            if (!result.isOK()) {
                if (finish(SEND_FAILED)) {
                    metrics.count(Counter.SEND_FAILURES);
                }
                return;
            }
            metrics.sent(System.nanoTime() - started, frames);
            busy.set(false);
            synchronized (this) {
                if (starting && Thread.currentThread() == caller) {
                    completedInline = true;
                    return;
                }
            }
            pump();
        }
    }
}
