package org.symple.server.connection;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.symple.server.runtime.Scheduler;

/**
 * Where a socket takes several frames per write, presence waits up to {@value #DELAY_MILLIS} ms for its queue's next
 * write: in a crowd's burst each reader then gets one write per tick with every presence that arrived meanwhile, rather
 * than one write per frame. Any other frame for that reader is sent at once, with the presence queued before it. The
 * tick is a one-shot timer, armed only while some queue waits.
 */
final class PresenceTick implements Consumer<OutboundQueue> {

    /** How long presence may wait for a write. */
    static final long DELAY_MILLIS = 5;

    private final ConcurrentLinkedQueue<OutboundQueue> due = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean armed = new AtomicBoolean();
    private final Scheduler scheduler;

    PresenceTick(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** The queue has presence waiting: it is flushed at the next tick. */
    @Override
    public void accept(OutboundQueue queue) {
        due.add(queue);
        if (armed.compareAndSet(false, true)) {
            try {
                scheduler.schedule(this::tick, DELAY_MILLIS);
            } catch (RuntimeException stopping) { // the scheduler is gone: send at once
                tick();
            }
        }
    }

    void tick() {
        armed.set(false); // first: a queue that comes after the drain below arms the next tick
        for (OutboundQueue queue = due.poll(); queue != null; queue = due.poll()) {
            queue.flush();
        }
    }
}
