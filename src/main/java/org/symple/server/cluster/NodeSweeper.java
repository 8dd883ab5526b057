package org.symple.server.cluster;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.symple.server.peers.Departure;
import org.symple.server.redis.RedisConnector;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.params.SetParams;

/**
 * Crash safety of the cluster: finds instances whose lease expired, claims each one (so that exactly one instance
 * sweeps it) and takes it out of the directory, announcing every one of its peers offline, so each offline
 * presence reaches every co-member once, and recording their departures for clients that reconnect. A stopping
 * instance takes itself out the same way.
 */
final class NodeSweeper {

    private static final Logger LOG = Logger.getLogger(NodeSweeper.class.getName());
    private static final long CLAIM_MILLIS = 60_000;

    private final String node;
    private final RedisConnector redis;
    private final DirectoryListener directory;
    private final long timeoutMillis;
    private final DepartureRecords departures;

    NodeSweeper(String node, RedisConnector redis, DirectoryListener directory, long timeoutMillis,
            DepartureRecords departures) {
        this.node = node;
        this.redis = redis;
        this.directory = directory;
        this.timeoutMillis = timeoutMillis;
        this.departures = departures;
    }

    /**
     * One pass: every other instance without a lease that no one else claimed is retired, its peers offline here.
     * Not shortly after an outage ({@link ClusterTiming#quietAfterOutageMillis}): the others could not renew their
     * leases either (a Redis failover or restart lets them all expire) and need that long to write them again.
     */
    void sweep() {
        redis.call(jedis -> {
            Map<String, List<Departure>> swept = new HashMap<>();
            if (redis.recentlyUnavailable(ClusterTiming.quietAfterOutageMillis(timeoutMillis))) {
                return swept;
            }
            for (String other : jedis.smembers(ClusterWire.NODES)) {
                if (other.equals(node) || jedis.exists(ClusterWire.lease(other))) {
                    continue;
                }
                if (!"OK".equals(jedis.set(ClusterWire.sweepClaim(other), node, SetParams.setParams().nx().px(CLAIM_MILLIS)))) {
                    continue; // another instance is sweeping it
                }
                swept.put(other, retire(jedis, other, ClusterWire.sweepClaim(other)));
            }
            return swept;
        }, timeoutMillis).thenAccept(swept -> swept.forEach((dead, gone) -> {
            LOG.info(() -> "Cluster node " + dead + " stopped renewing its lease; " + gone.size() + " peers went offline");
            gone.forEach(departure -> directory.remoteDeparted(departure.id(), departure));
        }));
    }

    /** The last writes of a stopping instance: its peers go offline everywhere and its records disappear. */
    void leave(Jedis jedis) {
        retire(jedis, node, ClusterWire.lease(node));
    }

    /**
     * Takes an instance out of the directory: announces each of its peers offline, records their departures, deletes
     * their records, the instance's peer set and membership, and {@code alsoDelete}. Returns the departures.
     */
    private List<Departure> retire(Jedis jedis, String target, String alsoDelete) {
        List<String> ids = List.copyOf(jedis.smembers(ClusterWire.nodePeers(target)));
        List<Departure> gone = departures.ofRecords(jedis, ids, System.currentTimeMillis());
        Pipeline pipeline = jedis.pipelined();
        for (Departure departure : gone) {
            pipeline.publish(ClusterWire.EVENTS, ClusterWire.offline(target, departure));
        }
        departures.record(pipeline, gone);
        for (String id : ids) {
            pipeline.del(ClusterWire.peer(id));
        }
        pipeline.del(ClusterWire.nodePeers(target));
        pipeline.srem(ClusterWire.NODES, target);
        pipeline.del(alsoDelete);
        pipeline.sync();
        return gone;
    }
}
