package org.symple.server.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.symple.server.it.support.LoadBalancer;
import org.symple.server.it.support.RedisFixture;
import org.symple.server.it.support.ServerTest;
import org.symple.server.it.support.TestClient;
import org.symple.server.it.support.UserRoomTakeover;
import org.symple.server.testing.Deployments;
import org.symple.server.testing.Launcher;
import org.symple.server.testing.Product;
import org.symple.server.testing.ServerProcess;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * Three instances sharing one Redis behave as one server: instance A is the deployment on the
 * server under test, B and C are Payara Micro processes, so the wire format between instances is proven across
 * server products. Ends with B killed (SIGKILL) and Redis restarted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT extends ServerTest {

    private static final long NODE_TIMEOUT_SECONDS = 6;
    private static RedisFixture redis;
    private static ServerProcess b;
    private static ServerProcess c;

    private static synchronized RedisFixture redis() {
        if (redis == null) {
            redis = RedisFixture.start();
        }
        return redis;
    }

    private static Map<String, String> settings() {
        return Map.of("SYMPLE_REDIS_URL", redis().url(), "SYMPLE_NODE_TIMEOUT", String.valueOf(NODE_TIMEOUT_SECONDS),
                "SYMPLE_RATE_LIMIT", "1000");
    }

    @Deployment(testable = false)
    static WebArchive instanceA() {
        return Deployments.war("cluster-a", settings());
    }

    @BeforeAll
    static void startOtherInstances() {
        b = Launcher.instance(Product.PAYARA, "cluster-b", settings());
        c = Launcher.instance(Product.PAYARA, "cluster-c", settings());
        b.awaitReady();
        c.awaitReady();
        await().atMost(Duration.ofSeconds(30)).until(() -> nodes() == 3);
    }

    @AfterAll
    static void stopOtherInstances() {
        for (ServerProcess child : new ServerProcess[] {b, c}) {
            if (child != null) {
                child.close();
            }
        }
    }

    private static long nodes() {
        try (Jedis jedis = redis.client()) {
            return jedis.scard("symple:nodes");
        }
    }

    private static JsonObject dm(TestClient to, int n) {
        return Json.createObjectBuilder().add("type", "message").add("to", to.address())
                .add("data", Json.createObjectBuilder().add("n", n)).build();
    }

    /** Drops the clients' backlogs (arrivals, snapshots) until none of them receives anything more. */
    private static void settle(TestClient... clients) {
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            int drained = 0;
            for (TestClient client : clients) {
                drained += client.drain().size();
            }
            return drained == 0;
        });
    }

    // conformance X1, X2
    @Test
    @Order(1)
    void routingAndPermissionsSpanInstances() {
        try (TestClient alice = TestClient.online(uri(), "alice-x1", "team-x1");
                TestClient bob = TestClient.online(b.uri(), "bob-x1", "team-x1");
                TestClient eve = TestClient.online(b.uri(), "eve-x1", "team-y1");
                TestClient carol = TestClient.online(c.uri(), "carol-x1", "team-x1");
                TestClient bob2 = TestClient.online(uri(), "bob-x1", "team-x1")) {
            settle(alice, bob, eve, carol, bob2);
            alice.send(dm(bob, 1));
            assertEquals(alice.address(), bob.next().getString("from"));
            alice.send("{\"type\":\"message\",\"data\":{\"n\":2}}");
            for (TestClient member : List.of(bob, carol, bob2)) {
                assertEquals(2, member.next().getJsonObject("data").getInt("n"));
            }
            alice.send("{\"type\":\"message\",\"to\":[\"team-x1\"],\"data\":{\"n\":3}}");
            for (TestClient member : List.of(bob, carol, bob2)) {
                assertEquals(3, member.next().getJsonObject("data").getInt("n"));
            }
            alice.send("{\"type\":\"message\",\"to\":\"bob-x1\",\"data\":{\"n\":4}}");
            assertEquals(4, bob.next().getJsonObject("data").getInt("n"));
            assertEquals(4, bob2.next().getJsonObject("data").getInt("n"));
            eve.send(dm(bob, 5));
            eve.send("{\"type\":\"message\",\"to\":[\"team-x1\"]}");
            eve.send("{\"type\":\"message\",\"to\":\"carol-x1\"}");
            for (TestClient client : List.of(alice, bob, carol, bob2, eve)) {
                client.assertQuiet();
            }
        }
    }

    // conformance X3
    @Test
    @Order(2)
    void presenceSpansInstancesExactlyOnce() {
        try (TestClient alice = TestClient.online(uri(), "alice-x3", "room-x3")) {
            TestClient bob = TestClient.online(b.uri(), "bob-x3", "room-x3");
            JsonObject snapshot = bob.next();
            assertEquals(alice.address(), snapshot.getString("from"));
            JsonObject online = alice.next(Duration.ofSeconds(2));
            assertEquals(bob.address(), online.getString("from"));
            assertTrue(online.getJsonObject("data").getBoolean("online"));
            try (TestClient carol = TestClient.online(c.uri(), "carol-x3", "room-x3")) {
                Set<String> seen = carol.drain().stream().map(f -> f.getString("from")).collect(Collectors.toSet());
                assertEquals(Set.of(alice.address(), bob.address()), seen);
                assertEquals(carol.address(), alice.next(Duration.ofSeconds(2)).getString("from"));
                assertEquals(carol.address(), bob.next(Duration.ofSeconds(2)).getString("from"));
                String bobAddress = bob.address();
                bob.close();
                for (TestClient peer : List.of(alice, carol)) {
                    JsonObject offline = peer.next(Duration.ofSeconds(2));
                    assertEquals(bobAddress, offline.getString("from"));
                    assertFalse(offline.getJsonObject("data").getBoolean("online"));
                    peer.assertQuiet();
                }
            }
        }
    }

    @Test
    @Order(3)
    void aUsersRoomTakenOnOtherInstancesWhileTheUserWasOfflineGivesTheSquattersNothing() {
        UserRoomTakeover.assertNothingReachesSquatters("cl",
                (user, rooms) -> TestClient.online(b.uri(), user, rooms),
                (user, rooms) -> TestClient.online(uri(), user, rooms),
                (user, rooms) -> TestClient.online(c.uri(), user, rooms));
    }

    // conformance T74
    @Test
    @Order(4)
    void anEmissionReachesEachMatchingPeerOfTheClusterOnce() {
        try (TestClient alice = TestClient.online(uri(), "alice-74", "team-a74");
                TestClient eve = TestClient.online(b.uri(), "eve-74", "team-b74");
                TestClient carol = TestClient.online(c.uri(), "carol-74", "team-a74")) {
            settle(alice, eve, carol);
            String text = "{\"type\":\"message\",\"from\":\"rails\",\"to\":[\"team-a74\",\"team-b74\"],\"data\":{\"n\":74}}";
            redis.publish("symple:broadcast", text);
            for (TestClient peer : List.of(alice, eve, carol)) {
                assertEquals(TestClient.parse(text), peer.next(Duration.ofSeconds(2)));
                peer.assertQuiet();
            }
        }
    }

    @Test
    @Order(5)
    void framesReachOnlyTheInstancesHoldingRecipients() throws Exception {
        Map<String, AtomicLong> messages = new ConcurrentHashMap<>();
        Map<String, AtomicLong> bytes = new ConcurrentHashMap<>();
        JedisPubSub counter = new JedisPubSub() {
            @Override
            public void onPMessage(String pattern, String channel, String message) {
                String kind = channel.startsWith("symple:to:") ? channel : channel.equals("symple:cluster") ? "directory" : channel;
                messages.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
                bytes.computeIfAbsent(kind, k -> new AtomicLong()).addAndGet(message.length());
            }
        };
        Thread listener = new Thread(() -> {
            try (Jedis jedis = redis.client()) {
                jedis.psubscribe(counter, "symple:*");
            } catch (RuntimeException closed) {
                // unsubscribed or Redis gone
            }
        });
        listener.start();
        await().atMost(Duration.ofSeconds(5)).until(counter::isSubscribed);
        try (TestClient alice = TestClient.online(uri(), "alice-tr", "room-tr");
                TestClient bob = TestClient.online(b.uri(), "bob-tr", "room-tr");
                TestClient carol = TestClient.online(c.uri(), "carol-tr")) {
            settle(alice, bob, carol);
            long directoryBefore = messages.getOrDefault("directory", new AtomicLong()).get();
            messages.keySet().removeIf(k -> k.startsWith("symple:to:"));
            bytes.keySet().removeIf(k -> k.startsWith("symple:to:"));
            for (int n = 0; n < 100; n++) {
                alice.send(dm(bob, n));
                alice.send("{\"type\":\"message\",\"to\":[\"room-tr\"],\"data\":{\"n\":" + n + "}}");
            }
            for (int n = 0; n < 200; n++) {
                bob.next(Duration.ofSeconds(2));
            }
            carol.assertQuiet();
            Map<String, Long> inboxes = messages.entrySet().stream().filter(e -> e.getKey().startsWith("symple:to:"))
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()));
            System.out.println("Cluster traffic for 200 frames from A to one peer on B: inbox messages " + inboxes
                    + ", inbox bytes " + bytes.entrySet().stream().filter(e -> e.getKey().startsWith("symple:to:"))
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()))
                    + ", directory messages during the burst " + (messages.getOrDefault("directory", new AtomicLong()).get() - directoryBefore));
            assertEquals(1, inboxes.size(), inboxes::toString);
            assertEquals(200L, inboxes.values().iterator().next());
        } finally {
            counter.punsubscribe();
            listener.join(5000);
        }
    }

    @Test
    @Order(6)
    void jsClientsBehindARoundRobinLoadBalancerChatAcrossInstances() {
        assumeTrue(LoadBalancer.available(), "nginx is not installed");
        try (LoadBalancer balancer = LoadBalancer.start(b.port(), c.port());
                TestClient alice = TestClient.jsStyle(balancer.uri(), "lb-alice");
                TestClient bob = TestClient.jsStyle(balancer.uri(), "lb-bob")) {
            await().atMost(Duration.ofSeconds(5)).until(() -> alice.isOnline() && bob.isOnline());
            alice.join("lb-room");
            bob.join("lb-room");
            await().atMost(Duration.ofSeconds(5)).until(() -> alice.roster().contains(bob.address())
                    && bob.roster().contains(alice.address()));
            bob.say("lb-room", "hello from the other instance");
            await().atMost(Duration.ofSeconds(5)).until(() -> alice.chat().contains("hello from the other instance"));
            assertEquals(1, alice.chat().size());
            String bobAddress = bob.address();
            bob.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> !alice.roster().contains(bobAddress));
        }
    }

    // conformance X4
    @Test
    @Order(7)
    void aKilledInstancesPeersGoOfflineEverywhereOnceWithinTheNodeTimeout() {
        try (TestClient alice = TestClient.online(uri(), "alice-x4", "room-x4");
                TestClient carol = TestClient.online(c.uri(), "carol-x4", "room-x4")) {
            TestClient bob = TestClient.online(b.uri(), "bob-x4", "room-x4");
            settle(alice, carol, bob);
            String bobAddress = bob.address();
            String bobId = bob.id();
            long killed = System.nanoTime();
            b.kill();
            for (TestClient peer : List.of(alice, carol)) {
                JsonObject offline = peer.next(Duration.ofSeconds(NODE_TIMEOUT_SECONDS * 2));
                long millis = (System.nanoTime() - killed) / 1_000_000;
                System.out.println("Offline presence of a peer on the killed instance after " + millis + " ms");
                assertEquals(bobAddress, offline.getString("from"));
                assertFalse(offline.getJsonObject("data").getBoolean("online"));
                assertTrue(millis <= NODE_TIMEOUT_SECONDS * 1000 + 1500, "offline after " + millis + " ms");
            }
            alice.assertQuiet();
            carol.assertQuiet();
            try (Jedis jedis = redis.client()) {
                assertFalse(jedis.exists("symple:peer:" + bobId));
                assertEquals(2, jedis.scard("symple:nodes"));
            }
            bob.close();
        }
    }

    @Test
    @Order(8)
    void afterARedisRestartTheInstancesFindEachOtherAgainAndNobodyIsReportedOffline() {
        try (TestClient alice = TestClient.online(uri(), "alice-rr", "room-rr");
                TestClient carol = TestClient.online(c.uri(), "carol-rr", "room-rr")) {
            settle(alice, carol);
            long restarted = System.nanoTime();
            redis.restart();
            AtomicLong n = new AtomicLong();
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250)).until(() -> {
                alice.send(dm(carol, (int) n.incrementAndGet()));
                return carol.drain().stream().anyMatch(f -> "message".equals(f.getString("type")));
            });
            System.out.println("Cross-instance messages flow again " + (System.nanoTime() - restarted) / 1_000_000
                    + " ms after the Redis restart");
            await().atMost(Duration.ofSeconds(30)).until(() -> nodes() == 2);
            // past a node timeout and the reconnect delay after the outage: still nobody was reported offline
            await().during(Duration.ofSeconds(NODE_TIMEOUT_SECONDS + 3)).atMost(Duration.ofSeconds(NODE_TIMEOUT_SECONDS + 5))
                    .until(() -> alice.count(text -> text.contains("\"online\":false")) == 0
                            && carol.count(text -> text.contains("\"online\":false")) == 0);
        }
    }
}
