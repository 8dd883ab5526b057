package org.symple.server.admin;

/**
 * Read-only figures of one deployment, registered as {@code org.symple:type=Server,name=<context path>} ("/" for
 * the root context). Counts only: no peer, user or room names.
 */
public interface SympleStatsMXBean {

    /** {@code UP}, or {@code STOPPING} once the shutdown began. */
    String getStatus();

    long getUptimeSeconds();

    /** Open WebSocket connections, authenticated or not (what counts against the connection limit). */
    int getConnections();

    /** Online peers, virtual peers included. */
    int getPeers();

    int getRooms();

    /** UTF-8 bytes waiting in (or in flight from) the outbound queues of all connections. */
    long getQueuedBytes();

    long getConnectionsOpened();

    long getConnectionsRefused();

    long getFramesIn();

    long getFramesOut();

    /** Presence frames replaced by a newer presence of the same peer before a slow reader got them. */
    long getFramesCoalesced();

    /** Connections closed because their reader fell behind: queue overflows plus send timeouts. */
    long getClosedSlow();

    long getQueueOverflows();

    long getSendTimeouts();

    long getPingTimeouts();

    long getAuthTimeouts();

    long getRateLimited();

    long getOversize();
}
