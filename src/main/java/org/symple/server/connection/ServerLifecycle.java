package org.symple.server.connection;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.symple.server.config.SympleConfig;
import org.symple.server.protocol.FrameCodec;
import org.symple.server.protocol.OutgoingFrame;
import org.symple.server.protocol.ServerFrames;
import org.symple.server.runtime.Scheduler;

/**
 * Start and stop of the server: settings logged at deployment, the ping heartbeat that drops silent peers,
 * the send watchdog that drops peers whose socket stopped taking data, and the shutdown notice with
 * close code 1001 at undeploy.
 */
@ApplicationScoped
public class ServerLifecycle {

    private static final Logger LOG = Logger.getLogger(ServerLifecycle.class.getName());
    private static final CloseReason PING_TIMEOUT = new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "Ping timeout");
    private static final CloseReason SEND_TIMEOUT = new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "Send timeout");
    private static final CloseReason SHUTDOWN = new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "Server shutting down");
    private static final long SHUTDOWN_DRAIN_MILLIS = 3000;

    @Inject
    SympleConfig config;

    @Inject
    Scheduler scheduler;

    @Inject
    ConnectionRegistry connections;

    @Inject
    ProtocolHandler protocol;

    @Inject
    TrafficStats stats;

    private final AtomicBoolean stopped = new AtomicBoolean();
    private final CountDownLatch drained = new CountDownLatch(1);
    private ScheduledFuture<?> heartbeat;
    private ScheduledFuture<?> watchdog;

    void started(@Observes @Initialized(ApplicationScoped.class) Object context) {
        LOG.info(() -> "Symple server started (" + config.describe() + ")");
        if (config.pingIntervalMillis() > 0) {
            heartbeat = scheduler.every(this::heartbeat, config.pingIntervalMillis());
        }
        if (config.sendTimeoutMillis() > 0) {
            watchdog = scheduler.every(this::checkSends, watchdogPeriodMillis(config.sendTimeoutMillis()));
        }
    }

    /** A quarter of the timeout, between 100 ms and 1 s: a stuck send is caught at most that late. */
    static long watchdogPeriodMillis(long sendTimeoutMillis) {
        return Math.max(100, Math.min(1000, sendTimeoutMillis / 4));
    }

    /** Pings every connection; closes those that missed two pongs. */
    void heartbeat() {
        long now = System.nanoTime();
        long allowed = TimeUnit.MILLISECONDS.toNanos(2 * config.pingIntervalMillis());
        for (Connection connection : connections.all()) {
            if (now - connection.lastPongNanos() > allowed) {
                if (connection.outbound().abort(PING_TIMEOUT)) {
                    stats.pingTimeout();
                }
            } else {
                connection.ping();
            }
        }
    }

    /**
     * Closes every connection whose send in flight has waited longer than the send timeout: its peer stopped reading
     * (or its network died) and the container may never complete, fail or time out that send. The queue is dropped
     * at once and the close runs off the I/O threads, without waiting for the send's callback.
     */
    void checkSends() {
        long now = System.nanoTime();
        long allowed = TimeUnit.MILLISECONDS.toNanos(config.sendTimeoutMillis());
        for (Connection connection : connections.all()) {
            if (connection.outbound().sendingForNanos(now) > allowed && connection.outbound().abort(SEND_TIMEOUT)) {
                stats.sendTimeout();
            }
        }
    }

    /** Whether the shutdown began. */
    public boolean isStopping() {
        return stopped.get();
    }

    /**
     * Sends the notice and closes every connection; runs once, from whichever comes first of a JVM stop signal, the
     * servlet context shutdown (before some containers close WebSockets themselves) and this bean's destruction. A
     * later caller returns only once that drain is over (at most about 4 s), so no stop path closes sockets early.
     */
    @PreDestroy
    public void shutdown() {
        if (!stopped.compareAndSet(false, true)) {
            awaitDrained(); // a second caller (another stop hook) must not tear the sockets down mid-drain
            return;
        }
        try {
            drain();
        } finally {
            drained.countDown();
        }
    }

    private void awaitDrained() {
        try {
            drained.await(SHUTDOWN_DRAIN_MILLIS + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drain() {
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        protocol.beginShutdown();
        OutgoingFrame notice = OutgoingFrame.verbatim(FrameCodec.write(ServerFrames.Shutdown.NOTICE));
        for (Connection connection : connections.all()) {
            if (connection.peer() != null) {
                connection.deliver(notice);
            }
            connection.close(SHUTDOWN);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SHUTDOWN_DRAIN_MILLIS);
        while (connections.all().stream().anyMatch(c -> c.session().isOpen()) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
