package org.symple.server.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.symple.server.peers.PeerRegistry;
import org.symple.server.session.Connection;
import org.symple.server.session.ConnectionRegistry;
import org.symple.server.session.ServerLifecycle;
import org.symple.server.session.TrafficStats;

/** The figures behind the MXBean and the health endpoint, read live from the registries and traffic counters. */
@ApplicationScoped
public class ServerStats implements SympleStatsMXBean {

    private final long startedNanos = System.nanoTime();

    @Inject
    ConnectionRegistry connections;

    @Inject
    PeerRegistry peers;

    @Inject
    TrafficStats traffic;

    @Inject
    ServerLifecycle lifecycle;

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
        return Json.createObjectBuilder()
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
