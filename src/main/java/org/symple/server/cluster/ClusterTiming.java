package org.symple.server.cluster;

import org.symple.server.redis.RedisConnector;

/**
 * How the node timeout T ({@code SYMPLE_NODE_TIMEOUT}) becomes the cluster's timers. Each instance renews a lease
 * that lasts 0.8 T every T/20 and looks for expired leases every T/20, so an instance killed outright is reported
 * offline at most about 0.9 T later, while one that stalls (a long GC pause, SIGSTOP) for up to 0.75 T keeps its
 * peers. After a Redis outage nobody is swept for T plus the longest reconnect delay: the others need that long to
 * reconnect and write their leases again.
 */
final class ClusterTiming {

    private ClusterTiming() {
    }

    static long leaseMillis(long nodeTimeoutMillis) {
        return nodeTimeoutMillis * 4 / 5;
    }

    static long tickMillis(long nodeTimeoutMillis) {
        return Math.max(50, nodeTimeoutMillis / 20);
    }

    /** How long after Redis was unavailable no instance is swept. */
    static long quietAfterOutageMillis(long nodeTimeoutMillis) {
        return nodeTimeoutMillis + RedisConnector.MAX_RECONNECT_DELAY_MILLIS;
    }
}
