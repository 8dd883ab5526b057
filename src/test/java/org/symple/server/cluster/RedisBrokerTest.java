package org.symple.server.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.symple.server.config.Settings;
import org.symple.server.config.SympleConfig;
import org.symple.server.it.support.RedisFixture;
import org.symple.server.peers.Departure;
import org.symple.server.peers.Peer;
import org.symple.server.peers.PeerRegistry;
import org.symple.server.protocol.FrameCodec;
import org.symple.server.protocol.OutgoingFrame;
import org.symple.server.redis.RedisConnector;
import org.symple.server.runtime.Scheduler;
import redis.clients.jedis.Jedis;

/**
 * The cluster broker on a real redis-server (a fresh one per test), alone and with other instances on the same
 * Redis. A marker frame that a broker forwards to its own instance travels behind everything it published before,
 * so once the marker is back, anything else that was going to come back has come back.
 */
class RedisBrokerTest extends BrokerContract {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String MARKER = "marker";

    /** One started broker with its node id and listeners. */
    private record Instance(RedisBroker broker, String node, RecordingDirectory directory, RecordingFrames frames) {
    }

    private final List<Instance> started = new ArrayList<>();
    private final List<RedisConnector> connectors = new ArrayList<>();
    private RedisFixture redis;
    private Scheduler scheduler;
    private Instance first;

    @BeforeEach
    void startFirstBroker() {
        redis = RedisFixture.start();
        scheduler = new Scheduler();
        scheduler.start();
        first = start(directory, frames);
    }

    @AfterEach
    void stopEverything() {
        started.forEach(instance -> instance.broker().stop());
        connectors.forEach(RedisConnector::stop);
        scheduler.stop();
        redis.close();
    }

    /** Starts a broker, learns its node id from Redis, and returns once it hears its own forwarded frames. */
    private Instance start(RecordingDirectory listener, RecordingFrames frameListener) {
        SympleConfig config = SympleConfig.from(Settings.of(Map.of(
                "SYMPLE_REDIS_URL", redis.url(), "SYMPLE_NODE_TIMEOUT", "15")));
        RedisConnector connector = new RedisConnector(config, scheduler);
        connector.start();
        connectors.add(connector);
        RedisBroker broker = new RedisBroker(config, connector, new PeerRegistry(), listener, frameListener,
                new ResumeListener() {
                    @Override
                    public void sequenced(String id, org.symple.server.protocol.OutgoingFrame frame) {
                        frameListener.deliverForwarded(List.of(id), frame);
                    }

                    @Override
                    public void unnumbered(String id, org.symple.server.protocol.OutgoingFrame frame) {
                        frameListener.deliverForwarded(List.of(id), frame);
                    }

                    @Override
                    public void movedAway(org.symple.server.peers.Peer peer, java.util.Collection<String> rooms) {
                    }
                }, scheduler);
        Set<String> before = nodes();
        broker.start();
        await().atMost(WAIT).until(() -> nodes().size() > before.size());
        Set<String> added = new HashSet<>(nodes());
        added.removeAll(before);
        String node = added.iterator().next();
        await().atMost(WAIT).until(() -> redis.subscribers(ClusterWire.inbox(node)) == 1);
        Instance instance = new Instance(broker, node, listener, frameListener);
        started.add(instance);
        settle(instance);
        return instance;
    }

    private Set<String> nodes() {
        try (Jedis jedis = redis.client()) {
            return jedis.smembers(ClusterWire.NODES);
        }
    }

    /** Forwards a marker to the instance itself and waits for it (then takes it out of the record). */
    private static void settle(Instance instance) {
        instance.broker().forward(instance.node(), List.of(MARKER), OutgoingFrame.verbatim("{\"type\":\"marker\"}"));
        await().atMost(WAIT).until(() -> instance.frames().deliveries().stream()
                .anyMatch(delivery -> delivery.recipients().contains(MARKER)));
        instance.frames().removeFor(MARKER);
    }

    @Override
    Broker broker() {
        return first.broker();
    }

    @Override
    void settle() {
        settle(first);
    }

    @Override
    Map<String, Runnable> outages() {
        Map<String, Runnable> outages = new LinkedHashMap<>();
        outages.put("Redis paused (connections open, nothing answered)", () -> {
            if (!redis.pause()) {
                throw new IllegalStateException("cannot pause redis-server");
            }
        });
        outages.put("Redis stopped", () -> {
            redis.resume();
            redis.stop();
        });
        return outages;
    }

    private static List<Long> numbered(RecordingFrames frames, String id) {
        return frames.deliveries().stream().filter(delivery -> delivery.recipients().contains(id))
                .map(delivery -> delivery.frame().seq()).toList();
    }

    @Test
    void resumableFramesAreNumberedKeptAndFollowTheSessionToTheInstanceThatTookItOver() throws Exception {
        RecordingFrames otherFrames = new RecordingFrames();
        Instance other = start(new RecordingDirectory(), otherFrames);
        first.broker().resumeWrite("R", Map.of("token", "aa", "user", "alice", "seq", "0"), 60_000);
        settle(first); // written before the other instance numbers anything
        other.broker().sequence(List.of("R"), OutgoingFrame.verbatim("{\"n\":1}"));
        other.broker().sequence(List.of("R"), OutgoingFrame.verbatim("{\"n\":2}"));
        await().atMost(WAIT).until(() -> numbered(frames, "R").equals(List.of(1L, 2L)));

        ResumeRecord record = other.broker().resumeRead("R").toCompletableFuture().get();
        assertEquals("alice", record.field("user"));
        assertEquals(first.node(), record.field("node"));
        ResumeRecord.TakeOver over = other.broker().resumeTakeOver("R", "aa", "bb").toCompletableFuture().get();
        assertEquals(true, over.won());
        assertEquals(2, over.seq());
        assertEquals(List.of("{\"n\":1,\"seq\":1}", "{\"n\":2,\"seq\":2}"),
                over.frames().stream().map(OutgoingFrame::text).toList());
        assertEquals(false, other.broker().resumeTakeOver("R", "aa", "cc").toCompletableFuture().get().won(),
                "the old token takes nothing over");

        first.broker().sequence(List.of("R"), OutgoingFrame.verbatim("{\"n\":3}"));
        await().atMost(WAIT).until(() -> numbered(otherFrames, "R").equals(List.of(3L)));
        first.broker().resumeWrite("R", Map.of("token", "zz"), 60_000);
        first.broker().resumeEnd("R", false);
        settle(first);
        assertEquals("bb", other.broker().resumeRead("R").toCompletableFuture().get().field("token"),
                "only the instance holding the session writes or deletes its record");
        other.broker().resumeEnd("R", true);
        settle(other);
        ResumeRecord gone = other.broker().resumeRead("R").toCompletableFuture().get();
        assertEquals(false, gone.present());
        assertEquals(true, gone.existed(), "its token now reads as expired");
    }

    @Test
    void anotherInstanceHearsEveryChangeOfAPeerInOrder() {
        RecordingDirectory otherDirectory = new RecordingDirectory();
        Instance other = start(otherDirectory, new RecordingFrames());
        Peer alice = peer("P1", "alice");

        first.broker().peerArrived(alice, List.of("alice", "team"));
        first.broker().roomsChanged(alice, List.of("alice", "team", "x"));
        alice.rememberPresence(FrameCodec.parseObject("{\"status\":\"away\"}").orElseThrow());
        first.broker().peerUpdated(alice);
        first.broker().peerDeparted(Departure.of(alice, List.of("alice", "team", "x"), System.currentTimeMillis()));

        await().atMost(WAIT).until(() -> otherDirectory.events().size() >= 4);
        assertEquals(List.of(
                "arrived P1 alice@" + first.node() + " [alice, team]",
                "rooms P1 [alice, team, x]",
                "updated P1 away",
                "departed P1 [alice, team, x]"), otherDirectory.events());
        settle(first);
        settle(other);
        assertEquals(4, otherDirectory.events().size(), "each change once");
        assertEquals(List.of(), directory.events(), "the changes' own instance hears none of them");
    }

    @Test
    void aForwardedFrameReachesOnlyTheTargetInstanceWithItsCoalescingKey() {
        RecordingFrames targetFrames = new RecordingFrames();
        Instance target = start(new RecordingDirectory(), targetFrames);
        RecordingFrames bystanderFrames = new RecordingFrames();
        Instance bystander = start(new RecordingDirectory(), bystanderFrames);
        OutgoingFrame presence = presenceOf(peer("P1", "alice"));

        first.broker().forward(target.node(), List.of("T1", "T2"), presence);
        first.broker().forward(bystander.node(), List.of(MARKER), OutgoingFrame.verbatim("{\"type\":\"marker\"}"));

        await().atMost(WAIT).until(() -> targetFrames.deliveries().size() == 1);
        RecordingFrames.Delivery delivery = targetFrames.deliveries().get(0);
        assertEquals(List.of("T1", "T2"), delivery.recipients());
        assertEquals(presence.text(), delivery.frame().text());
        assertEquals("alice|P1", delivery.frame().coalesceKey());
        await().atMost(WAIT).until(() -> bystanderFrames.deliveries().size() == 1);
        assertEquals(List.of(MARKER), bystanderFrames.deliveries().get(0).recipients(),
                "the bystander got the marker sent after the frame, and not the frame");
        assertNull(bystanderFrames.deliveries().get(0).frame().coalesceKey(), "frames without a key keep none");
        settle(first);
        assertEquals(List.of(), frames.deliveries());
    }

    @Test
    void whenAnInstanceStopsTheOthersHearItsPeersDepart() {
        RecordingDirectory otherDirectory = new RecordingDirectory();
        start(otherDirectory, new RecordingFrames());
        first.broker().peerArrived(peer("P1", "alice"), List.of("alice"));
        first.broker().peerArrived(peer("P2", "bob"), List.of("bob"));
        await().atMost(WAIT).until(() -> otherDirectory.events().size() == 2);

        first.broker().stop();

        // within the lease: the stopping instance said so itself, with the rooms each peer left
        await().atMost(Duration.ofSeconds(5)).until(() -> otherDirectory.events().size() == 4);
        assertEquals(Set.of("departed P1 [alice]", "departed P2 [bob]"), Set.copyOf(otherDirectory.events().subList(2, 4)));
    }
}
