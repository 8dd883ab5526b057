package org.symple.server.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.spi.Context;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.symple.server.peers.PeerRegistry;
import org.symple.server.connection.Connection;
import org.symple.server.connection.ConnectionRegistry;
import org.symple.server.connection.ServerLifecycle;
import org.symple.server.connection.TrafficStats;
import org.symple.server.protocol.FrameCodec;

/**
 * The figures behind the MXBean and the health endpoint, read live from the registries and traffic counters of one
 * deployment. It holds the beans' instances themselves, not CDI client proxies: JMX calls arrive on threads of
 * other applications or of the runtime, where a proxy could resolve to another deployment's bean or to none.
 */
public final class ServerStats implements SympleStatsMXBean {

    private final long startedNanos = System.nanoTime();
    private final ConnectionRegistry connections;
    private final PeerRegistry peers;
    private final TrafficStats traffic;
    private final ServerLifecycle lifecycle;

    ServerStats(ConnectionRegistry connections, PeerRegistry peers, TrafficStats traffic, ServerLifecycle lifecycle) {
        this.connections = connections;
        this.peers = peers;
        this.traffic = traffic;
        this.lifecycle = lifecycle;
    }

    /** Reads the application's beans from its application context; call on one of the application's threads. */
    public static ServerStats of(BeanManager beans) {
        return new ServerStats(instance(beans, ConnectionRegistry.class), instance(beans, PeerRegistry.class),
                instance(beans, TrafficStats.class), instance(beans, ServerLifecycle.class));
    }

    private static <T> T instance(BeanManager beans, Class<T> type) {
        @SuppressWarnings("unchecked")
        Bean<T> bean = (Bean<T>) beans.resolve(beans.getBeans(type));
        Context context = beans.getContext(ApplicationScoped.class);
        return type.cast(context.get(bean, beans.createCreationalContext(bean)));
    }

    @Override
    public String getStatus() {
        return lifecycle.isStopping() ? "STOPPING" : "UP";
    }

    @Override
    public long getUptimeSeconds() {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos);
    }

    @Override
    public int getConnections() {
        return connections.size();
    }

    @Override
    public int getPeers() {
        return peers.peerCount();
    }

    @Override
    public int getRooms() {
        return peers.rooms().roomCount();
    }

    @Override
    public long getQueuedBytes() {
        long total = 0;
        for (Connection connection : connections.all()) {
            total += connection.outbound().queuedBytes();
        }
        return total;
    }

    @Override
    public long getConnectionsOpened() {
        return traffic.connectionsOpened();
    }

    @Override
    public long getConnectionsRefused() {
        return traffic.connectionsRefused();
    }

    @Override
    public long getFramesIn() {
        return traffic.framesIn();
    }

    @Override
    public long getFramesOut() {
        return traffic.framesOut();
    }

    @Override
    public long getFramesCoalesced() {
        return traffic.framesCoalesced();
    }

    @Override
    public long getClosedSlow() {
        return traffic.queueOverflows() + traffic.sendTimeouts();
    }

    @Override
    public long getQueueOverflows() {
        return traffic.queueOverflows();
    }

    @Override
    public long getSendTimeouts() {
        return traffic.sendTimeouts();
    }

    @Override
    public long getPingTimeouts() {
        return traffic.pingTimeouts();
    }

    @Override
    public long getAuthTimeouts() {
        return traffic.authTimeouts();
    }

    @Override
    public long getRateLimited() {
        return traffic.rateLimited();
    }

    @Override
    public long getOversize() {
        return traffic.oversize();
    }

    /** Every figure as one JSON object, the status first. */
    public JsonObject toJson() {
        return FrameCodec.JSON.createObjectBuilder()
                .add("status", getStatus())
                .add("uptimeSeconds", getUptimeSeconds())
                .add("connections", getConnections())
                .add("peers", getPeers())
                .add("rooms", getRooms())
                .add("queuedBytes", getQueuedBytes())
                .add("connectionsOpened", getConnectionsOpened())
                .add("connectionsRefused", getConnectionsRefused())
                .add("framesIn", getFramesIn())
                .add("framesOut", getFramesOut())
                .add("framesCoalesced", getFramesCoalesced())
                .add("closedSlow", getClosedSlow())
                .add("queueOverflows", getQueueOverflows())
                .add("sendTimeouts", getSendTimeouts())
                .add("pingTimeouts", getPingTimeouts())
                .add("authTimeouts", getAuthTimeouts())
                .add("rateLimited", getRateLimited())
                .add("oversize", getOversize())
                .build();
    }
}
