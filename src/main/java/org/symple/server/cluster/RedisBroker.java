package org.symple.server.cluster;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.symple.server.config.SympleConfig;
import org.symple.server.peers.Peer;
import org.symple.server.peers.PeerIds;
import org.symple.server.peers.PeerRegistry;
import org.symple.server.presence.PresenceService;
import org.symple.server.redis.Backoff;
import org.symple.server.redis.OrderedWriter;
import org.symple.server.redis.RedisConnector;
import org.symple.server.routing.Router;
import org.symple.server.session.Scheduler;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * The broker of a cluster of instances sharing one Redis (DESIGN 5). Each instance keeps a replica of the whole
 * directory (every peer, its instance and rooms) so that routing and permission checks stay local; frames for
 * peers of another instance are published once per fan-out on that instance's own channel, and directory changes
 * on one shared channel. All writes of an instance go through one ordered connection, so the others see its
 * changes and frames in the order they happened.
 * <p>
 * Crash safety: each instance holds a lease key that expires {@code 2/3} of {@code SYMPLE_NODE_TIMEOUT} after
 * its last refresh; every instance looks for expired leases, and the one that claims a dead instance announces
 * its peers offline and removes its records, so each peer's offline presence reaches every co-member once.
 */
@ApplicationScoped
@Typed(RedisBroker.class)
public class RedisBroker implements Broker {

    private static final Logger LOG = Logger.getLogger(RedisBroker.class.getName());
    private static final long CLAIM_MILLIS = 60_000;
    private static final long STOP_WAIT_MILLIS = 2_000;

    @Inject
    SympleConfig config;

    @Inject
    RedisConnector redis;

    @Inject
    PeerRegistry registry;

    @Inject
    PresenceService presence;

    @Inject
    Router router;

    @Inject
    Scheduler scheduler;

    private final String node = PeerIds.next();
    private Backoff backoff;
    private final Object lifecycle = new Object();
    private OrderedWriter writer;
    private long leaseMillis;
    private volatile boolean running;
    private Thread subscriberThread;
    private Jedis subscriberConnection;
    private Inbox inbox;
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();

    @PostConstruct
    void init() {
        leaseMillis = config.nodeTimeoutMillis() * 2 / 3;
    }

    /** This instance's id in the cluster. */
    public String node() {
        return node;
    }

    /** Starts the lease, the sweeper and the subscriber; called once, when the deployment starts. */
    public void start() {
        synchronized (lifecycle) {
            if (running) {
                return;
            }
            running = true;
            backoff = redis.reconnectBackoff();
            writer = new OrderedWriter(redis, this::republish);
            writer.start();
            republish();
            long tick = Math.max(200, config.nodeTimeoutMillis() / 6);
            timers.add(scheduler.every(this::renewLease, tick));
            timers.add(scheduler.every(this::sweep, tick));
            subscriberThread = redis.newThread(this::subscribeLoop);
            subscriberThread.start();
        }
        LOG.info(() -> "Cluster node " + node + " joined (node timeout " + config.nodeTimeoutMillis() + " ms)");
    }

    /** Leaves the cluster: the other instances hear this instance's peers go offline at once. */
    @PreDestroy
    void stop() {
        synchronized (lifecycle) {
            if (!running) {
                return;
            }
            running = false;
            timers.forEach(timer -> timer.cancel(false));
            writer.submit(this::leave);
            writer.stop(STOP_WAIT_MILLIS);
            if (inbox != null && inbox.isSubscribed()) {
                try {
                    inbox.unsubscribe();
                } catch (JedisException ignored) {
                    // the connection is closed next anyway
                }
            }
            closeSubscriberConnection();
        }
    }

    @Override
    public void forward(String target, Collection<String> recipients, String text) {
        String envelope = ClusterWire.envelope(recipients, text);
        writer.submit(jedis -> jedis.publish(ClusterWire.inbox(target), envelope));
    }

    @Override
    public void peerArrived(Peer peer, Collection<String> rooms) {
        String record = ClusterWire.online(node, peer.toJson(true), rooms);
        writer.submit(jedis -> {
            Pipeline pipeline = jedis.pipelined();
            pipeline.set(ClusterWire.peer(peer.id()), record);
            pipeline.sadd(ClusterWire.nodePeers(node), peer.id());
            pipeline.publish(ClusterWire.EVENTS, record);
            pipeline.sync();
        });
    }

    @Override
    public void peerDeparted(Peer peer) {
        writer.submit(jedis -> {
            Pipeline pipeline = jedis.pipelined();
            pipeline.del(ClusterWire.peer(peer.id()));
            pipeline.srem(ClusterWire.nodePeers(node), peer.id());
            pipeline.publish(ClusterWire.EVENTS, ClusterWire.offline(node, peer.id()));
            pipeline.sync();
        });
    }

    @Override
    public void roomsChanged(Peer peer, Collection<String> rooms) {
        String record = ClusterWire.online(node, peer.toJson(true), rooms);
        String event = ClusterWire.rooms(node, peer.id(), rooms);
        writer.submit(jedis -> {
            Pipeline pipeline = jedis.pipelined();
            pipeline.set(ClusterWire.peer(peer.id()), record);
            pipeline.publish(ClusterWire.EVENTS, event);
            pipeline.sync();
        });
    }

    @Override
    public void peerUpdated(Peer peer) {
        String record = ClusterWire.online(node, peer.toJson(true), List.copyOf(registry.rooms().roomsOf(peer.id())));
        String event = ClusterWire.update(node, peer.toJson(true));
        writer.submit(jedis -> {
            Pipeline pipeline = jedis.pipelined();
            pipeline.set(ClusterWire.peer(peer.id()), record);
            pipeline.publish(ClusterWire.EVENTS, event);
            pipeline.sync();
        });
    }

    /**
     * Writes this instance's lease and every one of its peers again, and announces them (after start or an outage).
     * Peers still recorded for this instance that left meanwhile (their departure was lost with the connection, or
     * a promoted replica kept records the old master had already removed) are announced offline and removed. The
     * peers are read on the writer's thread, so the record set matches what the writer has written before.
     */
    private void republish() {
        writer.submit(jedis -> {
            Map<String, String> records = new HashMap<>();
            synchronized (registry.membershipLock()) {
                for (Peer peer : registry.peers()) {
                    if (peer.isLocal()) {
                        records.put(peer.id(), ClusterWire.online(node, peer.toJson(true),
                                List.copyOf(registry.rooms().roomsOf(peer.id()))));
                    }
                }
            }
            Set<String> gone = new HashSet<>(jedis.smembers(ClusterWire.nodePeers(node)));
            gone.removeAll(records.keySet());
            Pipeline pipeline = jedis.pipelined();
            pipeline.set(ClusterWire.lease(node), "1", SetParams.setParams().px(leaseMillis));
            pipeline.sadd(ClusterWire.NODES, node);
            for (String id : gone) {
                pipeline.publish(ClusterWire.EVENTS, ClusterWire.offline(node, id));
                pipeline.del(ClusterWire.peer(id));
                pipeline.srem(ClusterWire.nodePeers(node), id);
            }
            records.forEach((id, record) -> {
                pipeline.set(ClusterWire.peer(id), record);
                pipeline.sadd(ClusterWire.nodePeers(node), id);
                pipeline.publish(ClusterWire.EVENTS, record);
            });
            pipeline.sync();
        });
    }

    /** Extends the lease; if it had expired, other instances may have swept this one, so everything is republished. */
    private void renewLease() {
        writer.submit(jedis -> {
            if (jedis.pexpire(ClusterWire.lease(node), leaseMillis) == 0) {
                LOG.warning(() -> "Cluster lease of node " + node + " had expired; announcing its peers again");
                scheduler.execute(this::republish);
            }
        });
    }

    /**
     * Finds instances whose lease expired; claims each and announces its peers offline. Not within one node timeout
     * of an outage: the others could not renew their leases either (a Redis failover lets them all expire) and need
     * that long to reconnect and write them again.
     */
    private void sweep() {
        redis.call(jedis -> {
            Map<String, List<String>> swept = new HashMap<>();
            if (redis.recentlyUnavailable(config.nodeTimeoutMillis())) {
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
        }, config.nodeTimeoutMillis()).thenAccept(swept -> swept.forEach((dead, ids) -> {
            LOG.info(() -> "Cluster node " + dead + " stopped renewing its lease; " + ids.size() + " peers went offline");
            ids.forEach(presence::departRemote);
        }));
    }

    /** The last writes of a stopping instance: its peers go offline everywhere and its records disappear. */
    private void leave(Jedis jedis) {
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

    private void subscribeLoop() {
        while (running) {
            try {
                Jedis connection = redis.dedicatedConnection();
                synchronized (lifecycle) {
                    if (!running) {
                        connection.close();
                        return;
                    }
                    subscriberConnection = connection;
                    inbox = new Inbox();
                }
                connection.subscribe(inbox, ClusterWire.EVENTS, ClusterWire.inbox(node));
            } catch (JedisException | IllegalStateException failed) {
                if (running) {
                    redis.reportFailure(failed);
                }
            } finally {
                closeSubscriberConnection();
            }
            if (running) {
                try {
                    Thread.sleep(backoff.next());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void closeSubscriberConnection() {
        Jedis connection;
        synchronized (lifecycle) {
            connection = subscriberConnection;
            subscriberConnection = null;
        }
        if (connection != null) {
            try {
                connection.close();
            } catch (RuntimeException ignored) {
                // already broken
            }
        }
    }

    /**
     * After (re)subscribing: adds or updates every peer the other instances have recorded, and one node timeout
     * later forgets remote peers that are still not recorded (their instance died while this one was cut off).
     * Removal waits because after a Redis restart the other instances need a moment to write their records again.
     */
    private void reconcile() {
        loadDirectory().ifPresent(directory -> directory.values().forEach(this::apply));
        scheduler.schedule(this::prune, config.nodeTimeoutMillis());
    }

    private void prune() {
        Set<String> known = new HashSet<>();
        for (Peer peer : registry.peers()) {
            if (!peer.isLocal()) {
                known.add(peer.id());
            }
        }
        loadDirectory().ifPresent(directory -> {
            known.removeAll(directory.keySet());
            known.forEach(presence::departRemote);
        });
    }

    private Optional<Map<String, ClusterWire.Event>> loadDirectory() {
        try {
            return Optional.of(redis.call(this::loadDirectory, config.nodeTimeoutMillis()).toCompletableFuture()
                    .get(config.nodeTimeoutMillis() + 1000, TimeUnit.MILLISECONDS));
        } catch (Exception failed) {
            LOG.log(Level.FINE, "Cluster directory not loaded", failed);
            return Optional.empty();
        }
    }

    private Map<String, ClusterWire.Event> loadDirectory(Jedis jedis) {
        Map<String, ClusterWire.Event> directory = new HashMap<>();
        for (String other : jedis.smembers(ClusterWire.NODES)) {
            if (other.equals(node) || !jedis.exists(ClusterWire.lease(other))) {
                continue;
            }
            List<String> ids = List.copyOf(jedis.smembers(ClusterWire.nodePeers(other)));
            if (ids.isEmpty()) {
                continue;
            }
            List<String> records = jedis.mget(ids.stream().map(ClusterWire::peer).toArray(String[]::new));
            for (String record : records) {
                if (record != null) {
                    ClusterWire.event(record).ifPresent(event -> directory.put(event.id(), event));
                }
            }
        }
        return directory;
    }

    /** Applies one directory event of another instance to the local replica (and tells local peers). */
    private void apply(ClusterWire.Event event) {
        if (event.node().equals(node)) {
            return;
        }
        switch (event.kind()) {
            case ONLINE -> presence.arriveRemote(Peer.remote(event.node(), event.peer(),
                    (text, frame) -> forward(event.node(), List.of(event.id()), text)), event.rooms());
            case OFFLINE -> presence.departRemote(event.id());
            case ROOMS -> presence.roomsChangedRemote(event.id(), event.rooms());
            case UPDATE -> presence.updateRemote(event.id(), event.peer());
        }
    }

    /** Receives directory events and the frames other instances route to this one's peers. */
    private final class Inbox extends JedisPubSub {
        private int subscribed;

        @Override
        public void onSubscribe(String channel, int count) {
            if (++subscribed == 2) {
                backoff.reset();
                redis.reportSuccess();
                republish();
                reconcile();
            }
        }

        @Override
        public void onMessage(String channel, String message) {
            try {
                if (ClusterWire.EVENTS.equals(channel)) {
                    ClusterWire.event(message).ifPresent(RedisBroker.this::apply);
                } else {
                    ClusterWire.envelope(message).ifPresent(envelope ->
                            router.deliverForwarded(envelope.recipients(), envelope.text()));
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Cluster message not applied", e);
            }
        }
    }
}
