package org.symple.server.routing;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Deliveries made in the order they were decided, by one thread at a time, outside the lock they were decided under.
 * A membership change decides its presence frames under the membership lock and adds them here; whoever calls
 * {@link #drain()} afterwards makes them, unless another thread is already draining (that one makes them too). So a
 * change holds the lock only to decide, a {@code join:ok} never waits for the presence of the joins before it, and
 * every recipient still gets the frames in the order the changes happened.
 * <p>
 * A caller drains for about a millisecond at most; what is left then (a storm of joins into a crowded room) is handed
 * to the background executor, so the thread that reads the peers' frames goes back to reading them. The background
 * drains in slices of about {@value #SLICE_MILLIS} ms, each a task of its own behind the executor's tasks already due,
 * so a long storm never holds a thread of that executor from its timers (the cluster lease, heartbeats, presence
 * flushes).
 */
public final class DeliveryLine {

    private static final Logger LOG = Logger.getLogger(DeliveryLine.class.getName());
    private static final long INLINE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    static final long SLICE_MILLIS = 10;
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(SLICE_MILLIS);

    private final ConcurrentLinkedQueue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger unfinished = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final Executor background;

    /** @param background where the rest of a long drain goes on; null: the caller makes every delivery itself */
    public DeliveryLine(Executor background) {
        this.background = background;
    }

    /** Adds a delivery behind those already in the line; it is made at the next {@link #drain()}. */
    public void add(Runnable delivery) {
        unfinished.incrementAndGet();
        waiting.add(delivery);
    }

    /** Whether every delivery added so far has been made (a frame routed now cannot overtake one of them). */
    public boolean isIdle() {
        return unfinished.get() == 0;
    }

    /**
     * Makes the deliveries in the line, in order, until it is empty or its time is up (the rest goes on in the
     * background); returns at once when another thread is making them (it makes these as well). A delivery that
     * throws is logged and the line goes on.
     */
    public void drain() {
        drain(INLINE_NANOS);
    }

    private void drain(long timeNanos) {
        while (!waiting.isEmpty() && draining.compareAndSet(false, true)) {
            if (!makeWhileTime(timeNanos)) {
                return; // the background goes on, and owns the line until it is empty
            }
        }
    }

    /**
     * Makes deliveries until the line is empty (true: the line is released) or, where there is a background, until
     * {@code timeNanos} are up and the background took the rest (false: the line stays owned, by the background now).
     */
    private boolean makeWhileTime(long timeNanos) {
        boolean mayHandOn = background != null;
        long until = System.nanoTime() + timeNanos;
        boolean handedOn = false;
        try {
            Runnable next;
            while ((next = waiting.poll()) != null) {
                make(next);
                if (mayHandOn && System.nanoTime() > until && !waiting.isEmpty() && handOn()) {
                    handedOn = true;
                    return false;
                }
            }
            return true;
        } finally {
            if (!handedOn) {
                draining.set(false);
            }
        }
    }

    private boolean handOn() {
        try {
            background.execute(() -> {
                if (makeWhileTime(SLICE_NANOS)) {
                    drain(SLICE_NANOS); // added while this thread was releasing the line
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            return false; // stopping: this thread makes the rest
        }
    }

    private void make(Runnable delivery) {
        try {
            delivery.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "A delivery failed; the others go on", e);
        } finally {
            unfinished.decrementAndGet();
        }
    }
}
