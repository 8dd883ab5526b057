package org.symple.server.standalone;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The scheduler the runner's Tyrus sessions use, without the one task that does nothing. Tyrus re-arms a session's
 * idle timer on every frame in and out (cancel the last task, schedule a new one), also when the session has no idle
 * timeout: then the task is scheduled with no delay and, run on a pool thread, finds the timeout off and returns. That
 * is a hand-over to another thread per frame for nothing; this scheduler answers it with a future that is already
 * done. Every other task (and an idle timer with a real timeout) goes to Tyrus's own scheduler.
 */
final class IdleTimerScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    /** Tyrus 2.1's idle timer task; if a later Tyrus renames it, its tasks are scheduled as before. */
    static final String IDLE_TIMER = "org.glassfish.tyrus.core.TyrusSession$IdleTimeoutCommand";

    private final ScheduledExecutorService tyrus;

    IdleTimerScheduler(ScheduledExecutorService tyrus) {
        this.tyrus = tyrus;
    }

    /** Whether this wraps that scheduler (Tyrus makes a new one after a shutdown). */
    boolean wraps(ScheduledExecutorService scheduler) {
        return tyrus == scheduler;
    }

    /** Whether scheduling this task would only start a no-op: the idle timer of a session without a timeout. */
    static boolean isIdleTimerWithoutTimeout(Runnable command, long delay) {
        return delay <= 0 && command.getClass().getName().equals(IDLE_TIMER);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        if (isIdleTimerWithoutTimeout(command, delay)) {
            return Done.INSTANCE;
        }
        return tyrus.schedule(command, delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return tyrus.schedule(callable, delay, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return tyrus.scheduleAtFixedRate(command, initialDelay, period, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return tyrus.scheduleWithFixedDelay(command, initialDelay, delay, unit);
    }

    @Override
    public void execute(Runnable command) {
        tyrus.execute(command);
    }

    @Override
    public void shutdown() {
        tyrus.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        return tyrus.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return tyrus.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return tyrus.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return tyrus.awaitTermination(timeout, unit);
    }

    /** The answer to a task that is not run: done, with nothing to cancel. */
    private static final class Done implements ScheduledFuture<Object> {

        static final Done INSTANCE = new Done();

        @Override
        public long getDelay(TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(0, other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return false;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean isDone() {
            return true;
        }

        @Override
        public Object get() {
            return null;
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return null;
        }
    }
}
