package org.symple.server.runtime;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Timers and background work on a small pool of the application's own, its threads from the server's managed
 * thread factory (so they carry the application's context) or plain daemon threads where the runtime has none.
 *
 * <p>Not the server's default managed scheduled executor: Payara configures its with a core size of 0, which a
 * {@link ScheduledThreadPoolExecutor} serves with a single thread, so one slow task there delays every auth
 * deadline, heartbeat, close and Redis time bound of the application; and every task handed to a managed executor
 * pays for capturing and restoring the caller's context. Every task is guarded so that one failure never kills a
 * timer.
 */
@ApplicationScoped
public class Scheduler implements Executor {

    private static final Logger LOG = Logger.getLogger(Scheduler.class.getName());
    private static final int THREADS = 2;

    private ScheduledThreadPoolExecutor executor;

    /** Creates the pool; the container does this once per deployment. */
    @PostConstruct
    public void start() {
        executor = new ScheduledThreadPoolExecutor(THREADS, ManagedThreads.factory("symple-timer"));
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Stops every timer and task; the last step of the instance's stop. */
    public void stop() {
        executor.shutdownNow();
    }

    @Override
    public void execute(Runnable task) {
        executor.execute(guarded(task));
    }

    public ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
        return executor.schedule(guarded(task), delayMillis, TimeUnit.MILLISECONDS);
    }

    public ScheduledFuture<?> every(Runnable task, long periodMillis) {
        return executor.scheduleAtFixedRate(guarded(task), periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Timers waiting to run (periodic ones included): a gauge that must stay flat however many peers come and go. */
    public int pendingTasks() {
        return executor.getQueue().size();
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Background task failed", e);
            }
        };
    }
}
