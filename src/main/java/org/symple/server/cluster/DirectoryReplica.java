package org.symple.server.cluster;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.symple.server.peers.Departure;
import org.symple.server.peers.Peer;
import org.symple.server.peers.PeerRegistry;
import org.symple.server.redis.RedisConnector;
import org.symple.server.runtime.Scheduler;
import redis.clients.jedis.Jedis;

/**
 * This instance's view of the other instances' peers: applies their directory events as they arrive and, after
 * each (re)subscription, the records they stored, so that an instance that was cut off catches up. What changes
 * goes to the {@link DirectoryListener}, which keeps the registry and tells the local peers.
 */
final class DirectoryReplica {

    private static final Logger LOG = Logger.getLogger(DirectoryReplica.class.getName());

    private final String node;
    private final RedisConnector redis;
    private final PeerRegistry registry;
    private final DirectoryListener directory;
    private final ResumeListener resumes;
    private final Scheduler scheduler;
    private final long timeoutMillis;

    DirectoryReplica(String node, RedisConnector redis, PeerRegistry registry, DirectoryListener directory,
            ResumeListener resumes, Scheduler scheduler, long timeoutMillis) {
        this.node = node;
        this.redis = redis;
        this.registry = registry;
        this.directory = directory;
        this.resumes = resumes;
        this.scheduler = scheduler;
        this.timeoutMillis = timeoutMillis;
    }

    /** Applies one directory event of another instance (those of this instance are its own and ignored). */
    void apply(ClusterWire.Event event) {
        if (event.node().equals(node)) {
            return;
        }
        switch (event.kind()) {
            case ONLINE -> {
                Peer peer = Peer.remote(event.node(), event.peer(), event.since(), event.resumable());
                Peer known = registry.getOrNull(event.id());
                if (event.resumable()) {
                    resumes.movedAway(peer, event.rooms()); // a session held here was resumed on that instance
                }
                if (known == null || !known.isLocal() || !event.resumable()) {
                    directory.remoteArrived(peer, event.rooms(), event.silent());
                }
            }
            case OFFLINE -> {
                Peer known = registry.getOrNull(event.id());
                if (known == null || known.isLocal() || known.node().equals(event.node())) {
                    directory.remoteDeparted(event.id(), event.departure());
                } // else the peer was resumed on another instance since: this departure is no longer true
            }
            case ROOMS -> directory.remoteRoomsChanged(event.id(), event.rooms(), event.silent());
            case UPDATE -> directory.remoteUpdated(event.id(), event.peer());
        }
    }

    /**
     * After (re)subscribing: adds or updates every peer the other instances have recorded, and one node timeout
     * later forgets remote peers that are still not recorded (their instance died while this one was cut off).
     * Removal waits because after a Redis restart the other instances need a moment to write their records again.
     */
    void reconcile() {
        load().ifPresent(recorded -> recorded.values().forEach(this::apply));
        loadDepartures().filter(departures -> !departures.isEmpty()).ifPresent(directory::departuresLearned);
        scheduler.schedule(this::prune, timeoutMillis);
    }

    /** The departures recorded in Redis (every instance writes those it announces), oldest first. */
    private Optional<List<Departure>> loadDepartures() {
        try {
            List<String> members = redis.call(jedis -> jedis.zrange(ClusterWire.DEPARTURES, 0, -1), timeoutMillis)
                    .toCompletableFuture().get(timeoutMillis + 1000, TimeUnit.MILLISECONDS);
            return Optional.of(members.stream().map(ClusterWire::departure).flatMap(Optional::stream).toList());
        } catch (Exception failed) {
            LOG.log(Level.FINE, "Departures not loaded", failed);
            return Optional.empty();
        }
    }

    private void prune() {
        Set<String> known = new HashSet<>();
        for (Peer peer : registry.peers()) {
            if (!peer.isLocal()) {
                known.add(peer.id());
            }
        }
        load().ifPresent(recorded -> {
            known.removeAll(recorded.keySet());
            known.forEach(id -> directory.remoteDeparted(id, null));
        });
    }

    private Optional<Map<String, ClusterWire.Event>> load() {
        try {
            return Optional.of(redis.call(this::load, timeoutMillis).toCompletableFuture()
                    .get(timeoutMillis + 1000, TimeUnit.MILLISECONDS));
        } catch (Exception failed) {
            LOG.log(Level.FINE, "Cluster directory not loaded", failed);
            return Optional.empty();
        }
    }

    /** The stored records of every other instance that holds a lease, by peer id. */
    private Map<String, ClusterWire.Event> load(Jedis jedis) {
        Map<String, ClusterWire.Event> recorded = new HashMap<>();
        for (String other : jedis.smembers(ClusterWire.NODES)) {
            if (other.equals(node) || !jedis.exists(ClusterWire.lease(other))) {
                continue;
            }
            List<String> ids = List.copyOf(jedis.smembers(ClusterWire.nodePeers(other)));
            if (ids.isEmpty()) {
                continue;
            }
            for (String record : jedis.mget(ids.stream().map(ClusterWire::peer).toArray(String[]::new))) {
                if (record != null) {
                    ClusterWire.event(record).ifPresent(event -> recorded.put(event.id(), event));
                }
            }
        }
        return recorded;
    }
}
