package org.symple.server.session;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The ordered outbound queue of one connection: one asynchronous send in flight at a time, a bound on the
 * characters waiting, and an optional close that runs once everything queued before it was sent. A reader
 * that falls behind the bound is closed instead of making the server buffer without limit.
 */
public final class OutboundQueue {

    /** Close reason for a reader that lets more than the allowed amount of data pile up. */
    public static final CloseReason OVERFLOW =
            new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "Send queue overflow");

    private final ConcurrentLinkedQueue<Object> items = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedChars = new AtomicLong();
    private final AtomicBoolean busy = new AtomicBoolean();
    private final long maxChars;
    private final BiConsumer<String, SendHandler> sender;
    private final Consumer<CloseReason> closer;
    private volatile boolean closed;
    private volatile long sendStartedNanos;

    /**
     * @param sender starts an asynchronous send and reports to the handler (possibly before returning)
     * @param closer closes the socket; must not block the calling thread
     */
    public OutboundQueue(long maxChars, BiConsumer<String, SendHandler> sender, Consumer<CloseReason> closer) {
        this.maxChars = maxChars;
        this.sender = sender;
        this.closer = closer;
    }

    /** Queues a frame; false when the queue is closed or this frame overflowed it (the socket is then closed). */
    public boolean offer(String text) {
        if (closed) {
            return false;
        }
        if (queuedChars.addAndGet(text.length()) > maxChars) {
            abort(OVERFLOW);
            return false;
        }
        items.add(text);
        pump();
        return true;
    }

    /** Closes the socket with this reason after every frame queued so far; later frames are dropped. */
    public void closeAfterPending(CloseReason reason) {
        if (closed) {
            return;
        }
        closed = true;
        items.add(reason);
        pump();
    }

    /** Drops everything queued and closes the socket now. */
    public void abort(CloseReason reason) {
        if (closed && items.isEmpty()) {
            return;
        }
        closed = true;
        items.clear();
        queuedChars.set(0);
        closer.accept(reason);
    }

    public boolean isClosed() {
        return closed;
    }

    public long queuedChars() {
        return queuedChars.get();
    }

    /** How long the send in flight has been waiting for the peer, or 0 when nothing is in flight. */
    public long sendingForNanos(long nowNanos) {
        long started = sendStartedNanos;
        return started == 0 ? 0 : nowNanos - started;
    }

    private void pump() {
        while (busy.compareAndSet(false, true)) {
            Object next = items.poll();
            if (next == null) {
                busy.set(false);
                if (items.isEmpty()) {
                    return;
                }
                continue;
            }
            if (next instanceof CloseReason reason) {
                items.clear();
                queuedChars.set(0);
                closer.accept(reason);
                return; // stays busy: nothing is sent after a close
            }
            Send send = new Send((String) next);
            if (!send.start()) {
                return; // completes later on another thread, which pumps on
            }
        }
    }

    /** One send; knows whether its completion ran inside the container's sendText call. */
    private final class Send implements SendHandler {
        private final String text;
        private final Thread caller = Thread.currentThread();
        private boolean starting = true;
        private boolean completedInline;

        Send(String text) {
            this.text = text;
        }

        /** Starts the send; true when it already completed on this thread. */
        boolean start() {
            sendStartedNanos = System.nanoTime();
            try {
                sender.accept(text, this);
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
            sendStartedNanos = 0;
            queuedChars.addAndGet(-text.length());
            if (!result.isOK()) {
                closed = true;
                items.clear();
                queuedChars.set(0);
            }
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
