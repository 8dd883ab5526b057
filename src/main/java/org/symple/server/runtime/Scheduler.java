package org.symple.server.runtime;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.symple.server.runtime.ManagedResources;

/**
 * Timers and background work: the server's default managed scheduled executor, or a small private pool where
 * the runtime has none. Every task is guarded so that one failure never kills a timer.
 */
@ApplicationScoped
public class Scheduler implements Executor {

    private static final Logger LOG = Logger.getLogger(Scheduler.class.getName());

    private ScheduledExecutorService executor;
    private boolean owned;

    @PostConstruct
    void init() {
        executor = ManagedResources.lookup(ManagedResources.SCHEDULED_EXECUTOR, ScheduledExecutorService.class).orElse(null);
        if (executor == null) {
            ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(2, task -> {
                Thread thread = new Thread(task, "symple-timer");
                thread.setDaemon(true);
                return thread;
            });
            pool.setRemoveOnCancelPolicy(true);
            executor = pool;
            owned = true;
            LOG.fine("No managed scheduled executor; using a private pool");
        }
    }

    @PreDestroy
    void stop() {
        if (owned) {
            executor.shutdownNow();
        }
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
