package org.symple.server.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.symple.server.config.SympleConfig;
import org.symple.server.peers.Departure;
import org.symple.server.peers.Peer;
import org.symple.server.peers.PeerIds;
import org.symple.server.peers.PeerRegistry;
import org.symple.server.protocol.OutgoingFrame;
import org.symple.server.redis.OrderedWriter;
import org.symple.server.redis.RedisConnector;
import org.symple.server.redis.Subscription;
import org.symple.server.runtime.Scheduler;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.params.SetParams;

/**
 * The broker of a cluster of instances sharing one Redis. Each instance keeps a replica of the whole directory
 * (every peer, its instance and rooms; {@link DirectoryReplica}) so that routing and permission checks stay local;
 * frames for peers of another instance are published once per fan-out on that instance's own channel, and
 * directory changes on one shared channel, both received through one lasting {@link Subscription}. All writes of
 * an instance go through one ordered connection, so the others see its changes and frames in the order they
 * happened.
 * <p>
 * Crash safety: each instance holds a lease key that expires {@code 2/3} of {@code SYMPLE_NODE_TIMEOUT} after its
 * last refresh, and the {@link NodeSweeper} of every instance retires instances whose lease expired.
 */
@ApplicationScoped
@Typed(RedisBroker.class)
public class RedisBroker implements Broker, Subscription.Handler {

    private static final Logger LOG = Logger.getLogger(RedisBroker.class.getName());
    private static final long STOP_WAIT_MILLIS = 2_000;

    private final SympleConfig config;
    private final RedisConnector redis;
    private final PeerRegistry registry;
    private final DirectoryListener directory;
    private final FrameListener frames;
    private final ResumeListener resumes;
    private final Scheduler scheduler;
    private final long leaseMillis;
    private final DepartureRecords departures;
    private final String node = PeerIds.next();
    private final Object lifecycle = new Object();
    /** Whether a republish is queued: renewals that find the lease gone meanwhile ask for no other. */
    private final AtomicBoolean republishing = new AtomicBoolean();
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private OrderedWriter writer;
    private boolean running;
    private NodeSweeper sweeper;
    private DirectoryReplica replica;
    private Subscription subscription;

    /** For the container's client proxy. */
    protected RedisBroker() {
        config = null;
        redis = null;
        registry = null;
        directory = null;
        frames = null;
        resumes = null;
        scheduler = null;
        leaseMillis = 0;
        departures = null;
    }

    @Inject
    public RedisBroker(SympleConfig config, RedisConnector redis, PeerRegistry registry, DirectoryListener directory,
            FrameListener frames, ResumeListener resumes, Scheduler scheduler) {
        this.config = config;
        this.redis = redis;
        this.registry = registry.unproxied().get();
        this.directory = directory;
        this.frames = frames;
        this.resumes = resumes;
        this.scheduler = scheduler;
        this.departures = new DepartureRecords(config.continuity());
        this.leaseMillis = ClusterTiming.leaseMillis(config.cluster().nodeTimeoutMillis());
    }

    /** Starts the lease, the sweeper and the subscription; called once, when the deployment starts. */
    @Override
    public void start() {
        synchronized (lifecycle) {
            if (running) {
                return;
            }
            running = true;
            sweeper = new NodeSweeper(node, redis, directory, config.cluster().nodeTimeoutMillis(), departures);
            replica = new DirectoryReplica(node, redis, registry, directory, resumes, scheduler,
                    config.cluster().nodeTimeoutMillis());
            writer = new OrderedWriter(redis, this::republish);
            writer.start();
            republish();
            long tick = ClusterTiming.tickMillis(config.cluster().nodeTimeoutMillis());
            timers.add(scheduler.every(this::renewLease, tick));
            timers.add(scheduler.every(sweeper::sweep, tick));
            subscription = new Subscription(redis, scheduler, List.of(ClusterWire.EVENTS, ClusterWire.inbox(node)), this);
            subscription.start();
        }
        LOG.info(() -> "Cluster node " + node + " joined (node timeout " + config.cluster().nodeTimeoutMillis() + " ms)");
    }

    /** Leaves the cluster: the other instances hear this instance's peers go offline at once. */
    @Override
    public void stop() {
        synchronized (lifecycle) {
            if (!running) {
                return;
            }
            running = false;
            timers.forEach(timer -> timer.cancel(false));
            writer.submit(sweeper::leave);
            writer.stop(STOP_WAIT_MILLIS);
            subscription.stop(STOP_WAIT_MILLIS);
        }
    }

    @Override
    public void forward(String target, Collection<String> recipients, OutgoingFrame frame) {
        String envelope = ClusterWire.envelope(recipients, frame);
        writer.submit(jedis -> jedis.publish(ClusterWire.inbox(target), envelope));
    }

    @Override
    public void peerArrived(Peer peer, Collection<String> rooms) {
        String record = record(peer, rooms);
        writer.submit(jedis -> {
            Pipeline pipeline = jedis.pipelined();
            pipeline.set(ClusterWire.peer(peer.id()), record);
            pipeline.sadd(ClusterWire.nodePeers(node), peer.id());
            pipeline.publish(ClusterWire.EVENTS, record);
            pipeline.sync();
        });
    }

    /**
     * The stored record of a peer of this instance in {@code rooms}, with the rooms in which this instance made it a
     * silent member: the other instances take that decision rather than make their own, so all agree on who sees whom.
     */
    private String record(Peer peer, Collection<String> rooms) {
        return record(peer, rooms, registry.rooms().silentRooms(peer.id()));
    }

    private String record(Peer peer, Collection<String> rooms, Collection<String> silent) {
        return ClusterWire.online(node, peer.toJson(true), rooms, silent, peer.onlineAt(), peer.resumable());
    }

    @Override
    public void peerDeparted(Departure departure) {
        writer.submit(jedis -> {
            Pipeline pipeline = jedis.pipelined();
            pipeline.del(ClusterWire.peer(departure.id()));
            pipeline.srem(ClusterWire.nodePeers(node), departure.id());
            pipeline.publish(ClusterWire.EVENTS, ClusterWire.offline(node, departure));
            departures.record(pipeline, List.of(departure));
            pipeline.sync();
        });
    }

    @Override
    public void roomsChanged(Peer peer, Collection<String> rooms) {
        Set<String> silent = registry.rooms().silentRooms(peer.id());
        String record = record(peer, rooms, silent);
        String event = ClusterWire.rooms(node, peer.id(), rooms, silent);
        writer.submit(jedis -> {
            Pipeline pipeline = jedis.pipelined();
            pipeline.set(ClusterWire.peer(peer.id()), record);
            pipeline.publish(ClusterWire.EVENTS, event);
            pipeline.sync();
        });
    }

    @Override
    public void peerUpdated(Peer peer) {
        String record = record(peer, List.copyOf(registry.rooms().roomsOf(peer.id())));
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
            republishing.set(false); // a lease found expired from here on is expired again
            Map<String, String> records = new HashMap<>();
            synchronized (registry.membershipLock()) {
                for (Peer peer : registry.peers()) {
                    if (peer.isLocal()) {
                        records.put(peer.id(), record(peer, List.copyOf(registry.rooms().roomsOf(peer.id()))));
                    }
                }
            }
            Set<String> gone = new HashSet<>(jedis.smembers(ClusterWire.nodePeers(node)));
            gone.removeAll(records.keySet());
            List<Departure> left = departures.ofRecords(jedis, gone, System.currentTimeMillis());
            Pipeline pipeline = jedis.pipelined();
            pipeline.set(ClusterWire.lease(node), "1", SetParams.setParams().px(leaseMillis));
            pipeline.sadd(ClusterWire.NODES, node);
            for (Departure departure : left) {
                pipeline.publish(ClusterWire.EVENTS, ClusterWire.offline(node, departure));
            }
            departures.record(pipeline, left);
            for (String id : gone) {
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

    /**
     * Extends the lease on a pooled connection of its own (never behind the ordered writer's backlog, which a burst of
     * arrivals can make long); if it had expired, other instances may have swept this one, so everything is
     * republished.
     */
    private void renewLease() {
        redis.call(jedis -> jedis.pexpire(ClusterWire.lease(node), leaseMillis), leaseMillis).thenAccept(renewed -> {
            if (renewed == 0 && republishing.compareAndSet(false, true)) {
                LOG.warning(() -> "Cluster lease of node " + node + " had expired; announcing its peers again");
                scheduler.execute(this::republish);
            }
        });
    }

    /** Every channel is subscribed (again): announce this instance's peers and catch up with the others'. */
    @Override
    public void subscribed() {
        republish();
        replica.reconcile();
    }

    /** A directory event, or frames another instance routed to peers of this one. */
    @Override
    public void message(String channel, String message) {
        if (ClusterWire.EVENTS.equals(channel)) {
            ClusterWire.event(message).ifPresent(replica::apply);
        } else {
            ClusterWire.envelope(message).ifPresent(envelope -> {
                if (envelope.seq() > 0) {
                    OutgoingFrame numbered = envelope.frame().withSeq(envelope.seq());
                    envelope.recipients().forEach(id -> resumes.sequenced(id, numbered));
                } else if (envelope.seq() < 0) {
                    envelope.recipients().forEach(id -> resumes.unnumbered(id, envelope.frame()));
                } else {
                    frames.deliverForwarded(envelope.recipients(), envelope.frame());
                }
            });
        }
    }

    @Override
    public boolean sequences() {
        return true;
    }

    @Override
    public boolean sequence(Collection<String> ids, OutgoingFrame frame) {
        String key = frame.replaceable() ? frame.coalesceKey() : "";
        String length = Integer.toString(config.resume().maxFrames());
        List<List<String>> calls = new ArrayList<>();
        for (String id : ids) {
            Peer recipient = registry.getOrNull(id);
            String holder = recipient == null || recipient.isLocal() ? node : recipient.node();
            calls.add(List.of(frame.text(), key, length, id, holder));
        }
        return writer.submit(jedis -> {
            Pipeline pipeline = jedis.pipelined();
            for (List<String> args : calls) {
                String id = args.get(3);
                pipeline.eval(ClusterWire.SEQUENCE, List.of(ClusterWire.resume(id), ClusterWire.resumeFrames(id)), args);
            }
            pipeline.sync();
        });
    }

    @Override
    public void resumeWrite(String id, Map<String, String> fields, long ttlMillis) {
        List<String> args = new ArrayList<>(List.of(node, Long.toString(ttlMillis), fields.getOrDefault("seq", "0")));
        fields.forEach((name, value) -> {
            if (!"seq".equals(name)) {
                args.add(name);
                args.add(value);
            }
        });
        writer.submit(jedis -> jedis.eval(ClusterWire.WRITE,
                List.of(ClusterWire.resume(id), ClusterWire.resumeFrames(id), ClusterWire.resumeGone(id)), args));
    }

    @Override
    public java.util.concurrent.CompletionStage<ResumeRecord> resumeRead(String id) {
        return redis.call(jedis -> new ResumeRecord(jedis.hgetAll(ClusterWire.resume(id)),
                jedis.exists(ClusterWire.resumeGone(id))), leaseMillis);
    }

    @Override
    public java.util.concurrent.CompletionStage<ResumeRecord.TakeOver> resumeTakeOver(String id, String tokenHash,
            String newTokenHash) {
        return redis.call(jedis -> ClusterWire.takeOver(jedis.eval(ClusterWire.TAKE_OVER,
                List.of(ClusterWire.resume(id), ClusterWire.resumeFrames(id)),
                List.of(tokenHash, newTokenHash, node, id, "8"))), leaseMillis);
    }

    @Override
    public void resumeEnd(String id, boolean expired) {
        writer.submit(jedis -> jedis.eval(ClusterWire.END,
                List.of(ClusterWire.resume(id), ClusterWire.resumeFrames(id), ClusterWire.resumeGone(id)),
                List.of(node, expired ? "1" : "0")));
    }
}
