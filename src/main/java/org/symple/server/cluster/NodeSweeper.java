package org.symple.server.cluster;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.symple.server.redis.RedisConnector;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.params.SetParams;

/**
 * Crash safety of the cluster: finds instances whose lease expired, claims each one (so that exactly one instance
 * sweeps it) and takes it out of the directory, announcing every one of its peers offline, so each offline
 * presence reaches every co-member once. A stopping instance takes itself out the same way.
 */
final class NodeSweeper {

    private static final Logger LOG = Logger.getLogger(NodeSweeper.class.getName());
    private static final long CLAIM_MILLIS = 60_000;

    private final String node;
    private final RedisConnector redis;
    private final DirectoryListener directory;
    private final long timeoutMillis;

    NodeSweeper(String node, RedisConnector redis, DirectoryListener directory, long timeoutMillis) {
        this.node = node;
        this.redis = redis;
        this.directory = directory;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * One pass: every other instance without a lease that no one else claimed is retired, its peers offline here.
     * Not within one node timeout of an outage: the others could not renew their leases either (a Redis failover
     * lets them all expire) and need that long to reconnect and write them again.
     */
    void sweep() {
        redis.call(jedis -> {
            Map<String, List<String>> swept = new HashMap<>();
            if (redis.recentlyUnavailable(timeoutMillis)) {
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
        }, timeoutMillis).thenAccept(swept -> swept.forEach((dead, ids) -> {
            LOG.info(() -> "Cluster node " + dead + " stopped renewing its lease; " + ids.size() + " peers went offline");
            ids.forEach(directory::remoteDeparted);
        }));
    }

    /** The last writes of a stopping instance: its peers go offline everywhere and its records disappear. */
    void leave(Jedis jedis) {
        retire(jedis, node, ClusterWire.lease(node));
    }

    /**
     * Takes an instance out of the directory: announces each of its peers offline, deletes their records, the
     * instance's peer set and membership, and {@code alsoDelete}. Returns the ids of its peers.
     */
    private static List<String> retire(Jedis jedis, String target, String alsoDelete) {
        List<String> ids = List.copyOf(jedis.smembers(ClusterWire.nodePeers(target)));
        Pipeline pipeline = jedis.pipelined();
        for (String id : ids) {
            pipeline.publish(ClusterWire.EVENTS, ClusterWire.offline(target, id));
            pipeline.del(ClusterWire.peer(id));
        }
        pipeline.del(ClusterWire.nodePeers(target));
        pipeline.srem(ClusterWire.NODES, target);
        pipeline.del(alsoDelete);
        pipeline.sync();
        return ids;
    }
}
