package org.symple.server.connection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.symple.server.config.SympleConfig;
import org.symple.server.metrics.Counter;
import org.symple.server.metrics.Metrics;
import org.symple.server.runtime.Scheduler;

/**
 * The timers that drop dead connections: pings that close a peer after two missed pongs (half-open TCP), and the send
 * watchdog that closes a peer whose socket stopped taking data.
 */
@ApplicationScoped
public class Heartbeat {

    private static final CloseReason PING_TIMEOUT = new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "Ping timeout");
    private static final CloseReason SEND_TIMEOUT = new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "Send timeout");

    private final SympleConfig config;
    private final Scheduler scheduler;
    private final ConnectionRegistry connections;
    private final Metrics metrics;
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();

    /** For the container's client proxy. */
    protected Heartbeat() {
        this(null, null, null, null);
    }

    @Inject
    public Heartbeat(SympleConfig config, Scheduler scheduler, ConnectionRegistry connections, Metrics metrics) {
        this.config = config;
        this.scheduler = scheduler;
        this.connections = connections;
        this.metrics = metrics;
    }

    public synchronized void start() {
        if (config.connections().pingIntervalMillis() > 0) {
            timers.add(scheduler.every(this::ping, config.connections().pingIntervalMillis()));
        }
        if (config.connections().sendTimeoutMillis() > 0) {
            timers.add(scheduler.every(this::checkSends, watchdogPeriodMillis(config.connections().sendTimeoutMillis())));
        }
    }

    public synchronized void stop() {
        timers.forEach(timer -> timer.cancel(false));
        timers.clear();
    }

    /** A quarter of the timeout, between 100 ms and 1 s: a stuck send is caught at most that late. */
    static long watchdogPeriodMillis(long sendTimeoutMillis) {
        return Math.max(100, Math.min(1000, sendTimeoutMillis / 4));
    }

    /** Pings every connection; closes those that missed two pongs. */
    void ping() {
        long now = System.nanoTime();
        long allowed = TimeUnit.MILLISECONDS.toNanos(2 * config.connections().pingIntervalMillis());
        for (Connection connection : connections.all()) {
            if (now - connection.lastPongNanos() > allowed) {
                if (connection.outbound().abort(PING_TIMEOUT)) {
                    metrics.count(Counter.PING_TIMEOUTS);
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
        long allowed = TimeUnit.MILLISECONDS.toNanos(config.connections().sendTimeoutMillis());
        for (Connection connection : connections.all()) {
            if (connection.outbound().sendingForNanos(now) > allowed && connection.outbound().abort(SEND_TIMEOUT)) {
                metrics.count(Counter.SEND_TIMEOUTS);
            }
        }
    }
}
