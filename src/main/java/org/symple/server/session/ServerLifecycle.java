package org.symple.server.session;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.symple.server.config.SympleConfig;
import org.symple.server.protocol.FrameCodec;
import org.symple.server.protocol.ServerFrames;

/**
 * Start and stop of the server: settings logged at deployment, the ping heartbeat that drops silent peers
 * (SPEC 1.4), and the shutdown notice with close code 1001 at undeploy (SPEC 4.11).
 */
@ApplicationScoped
public class ServerLifecycle {

    private static final Logger LOG = Logger.getLogger(ServerLifecycle.class.getName());
    private static final CloseReason PING_TIMEOUT = new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "Ping timeout");
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

    private final AtomicBoolean stopped = new AtomicBoolean();
    private ScheduledFuture<?> heartbeat;

    void started(@Observes @Initialized(ApplicationScoped.class) Object context) {
        LOG.info(() -> "Symple server started (" + config.describe() + ")");
        if (config.pingIntervalMillis() > 0) {
            heartbeat = scheduler.every(this::heartbeat, config.pingIntervalMillis());
        }
    }

    /** Pings every connection; closes those that missed two pongs or whose send has been stuck as long. */
    void heartbeat() {
        long now = System.nanoTime();
        long allowed = TimeUnit.MILLISECONDS.toNanos(2 * config.pingIntervalMillis());
        for (Connection connection : connections.all()) {
            if (now - connection.lastPongNanos() > allowed || connection.outbound().sendingForNanos(now) > allowed) {
                connection.outbound().abort(PING_TIMEOUT);
            } else {
                connection.ping();
            }
        }
    }

    /**
     * Sends the notice and closes every connection; runs once, from whichever comes first of the servlet context
     * shutdown (before some containers close WebSockets themselves) and this bean's destruction.
     */
    @PreDestroy
    public void shutdown() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        protocol.beginShutdown();
        String notice = FrameCodec.write(ServerFrames.Shutdown.NOTICE);
        for (Connection connection : connections.all()) {
            if (connection.peer() != null) {
                connection.deliver(notice, null);
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
