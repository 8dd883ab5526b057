package org.symple.server.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.symple.server.it.support.SentinelFixture;
import org.symple.server.it.support.ServerTest;
import org.symple.server.it.support.TestClient;
import org.symple.server.testing.Deployments;
import org.symple.server.testing.Launcher;
import org.symple.server.testing.Product;
import org.symple.server.testing.ServerProcess;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

/**
 * Two instances (the deployment under test and a Payara Micro process) in token mode behind Redis Sentinel: the
 * master is killed with SIGKILL while peers on the two instances message each other, the sentinels promote the
 * replica, and both instances follow it. Measures how long after the failover messages cross again, and checks
 * that presence changed during the gap arrives exactly once, that nobody who stayed is reported offline, and that
 * token authentication and emission work on the new master.
 */
class SentinelFailoverIT extends ServerTest {

    private static final long NODE_TIMEOUT_SECONDS = 6;
    private static final Duration RESUME_TARGET = Duration.ofSeconds(10);
    /**
     * Longer than the instances' leases (2/3 of the node timeout), so that every lease expires during the gap, as
     * it does in production with the default 15 s node timeout and a down-after of 10 s or more.
     */
    private static final Duration MASTER_DOWN_AFTER = Duration.ofSeconds(5);
    private static SentinelFixture redis;
    private static ServerProcess b;

    private static synchronized SentinelFixture redis() {
        if (redis == null) {
            redis = SentinelFixture.start(MASTER_DOWN_AFTER);
        }
        return redis;
    }

    private static Map<String, String> settings() {
        return Map.of("SYMPLE_REDIS_SENTINELS", redis().sentinels(), "SYMPLE_REDIS_SENTINEL_MASTER", SentinelFixture.MASTER,
                "SYMPLE_AUTHENTICATION", "true", "SYMPLE_NODE_TIMEOUT", String.valueOf(NODE_TIMEOUT_SECONDS),
                "SYMPLE_RATE_LIMIT", "1000");
    }

    @Deployment(testable = false)
    static WebArchive instanceA() {
        return Deployments.war("sentinel-a", settings());
    }

    @BeforeAll
    static void startSecondInstance() {
        assumeTrue(Product.PAYARA.isInstalled(), "Payara Micro is fetched by the application-server legs");
        b = Launcher.instance(Product.PAYARA, "sentinel-b", settings()).awaitReady();
        await().atMost(Duration.ofSeconds(30)).until(() -> nodes() == 2);
    }

    @AfterAll
    static void stopSecondInstance() {
        if (b != null) {
            b.close();
        }
    }

    private static long nodes() {
        try (Jedis jedis = redis.master()) {
            return jedis.scard("symple:nodes");
        }
    }

    /** A peer authenticated with a session token stored on the current master. */
    private static TestClient online(java.net.URI uri, String user, String room) {
        String token = UUID.randomUUID().toString();
        try (Jedis jedis = redis.master()) {
            jedis.set("symple:session:" + token, "{\"user\":\"" + user + "\",\"rooms\":[\"" + room + "\"]}",
                    SetParams.setParams().ex(600));
        }
        return TestClient.online(uri, user, Json.createObjectBuilder().add("token", token));
    }

    private static String dm(TestClient to, int n) {
        return Json.createObjectBuilder().add("type", "message").add("to", to.address())
                .add("data", Json.createObjectBuilder().add("n", n).add("sent", System.nanoTime())).build().toString();
    }

    private static Predicate<String> presence(TestClient of, boolean online) {
        return text -> {
            JsonObject frame = TestClient.parse(text);
            return "presence".equals(frame.getString("type", "")) && of.address().equals(frame.getString("from", ""))
                    && frame.getJsonObject("data").getBoolean("online") == online;
        };
    }

    private static Predicate<String> away(TestClient of) {
        return text -> presence(of, true).test(text)
                && "away".equals(TestClient.parse(text).getJsonObject("data").getString("status", ""));
    }

    private static Predicate<String> messageSentAfter(long nanos) {
        return text -> {
            JsonObject frame = TestClient.parse(text);
            return "message".equals(frame.getString("type", "")) && frame.getJsonObject("data").getJsonNumber("sent").longValue() > nanos;
        };
    }

    @Test
    void theClusterFollowsAPromotedMasterAndPresenceConverges() throws Exception {
        try (TestClient alice = online(uri(), "alice-f", "room-f");
                TestClient carol = online(uri(), "carol-f", "room-c");
                TestClient bob = online(b.uri(), "bob-f", "room-f");
                TestClient dave = online(b.uri(), "dave-f", "room-f")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> alice.count(presence(bob, true)) == 1
                    && alice.count(presence(dave, true)) == 1 && bob.count(presence(alice, true)) == 1);

            AtomicBoolean sending = new AtomicBoolean(true);
            AtomicInteger sent = new AtomicInteger();
            Thread traffic = new Thread(() -> {
                while (sending.get()) {
                    int n = sent.incrementAndGet();
                    alice.send(dm(bob, n));
                    bob.send(dm(alice, n));
                    try {
                        Thread.sleep(50); // the fixed send rate of the traffic, not a wait for a condition
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            traffic.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> bob.count(messageSentAfter(0)) > 10);

            long killed = System.nanoTime();
            redis.killMaster();
            dave.close(); // leaves during the gap
            carol.send(Json.createObjectBuilder().add("type", "join").add("room", "room-f").build()); // joins during the gap
            alice.send(Json.createObjectBuilder().add("type", "presence") // changes her status during the gap
                    .add("data", Json.createObjectBuilder().add("status", "away")).build());
            redis.awaitFailover(Duration.ofSeconds(30));
            long failedOver = System.nanoTime();

            await().atMost(RESUME_TARGET.plusSeconds(20)).until(() ->
                    bob.first(messageSentAfter(killed)) != null && alice.first(messageSentAfter(killed)) != null);
            long resumed = Math.max(bob.first(messageSentAfter(killed)).nanos(), alice.first(messageSentAfter(killed)).nanos());
            System.out.printf("Sentinel failover: sentinels promoted the replica %d ms after the SIGKILL; cross-instance "
                    + "messages flowed again in both directions %d ms after the failover (%d ms after the kill)%n",
                    (failedOver - killed) / 1_000_000, (resumed - failedOver) / 1_000_000, (resumed - killed) / 1_000_000);
            assertTrue(resumed - failedOver <= RESUME_TARGET.toNanos(),
                    "messages resumed " + (resumed - failedOver) / 1_000_000 + " ms after the failover");

            await().atMost(Duration.ofSeconds(NODE_TIMEOUT_SECONDS * 3)).until(() ->
                    alice.count(presence(dave, false)) >= 1 && bob.count(presence(carol, true)) >= 1
                            && bob.count(away(alice)) >= 1);
            // past one node timeout after the outage (when sweeping resumes) and the prune that follows a resubscribe
            await().during(Duration.ofSeconds(NODE_TIMEOUT_SECONDS + 2)).atMost(Duration.ofSeconds(NODE_TIMEOUT_SECONDS + 4))
                    .until(() -> alice.count(presence(bob, false)) == 0 && bob.count(presence(alice, false)) == 0
                            && alice.count(presence(dave, false)) == 1 && bob.count(presence(carol, true)) == 1
                            && carol.count(presence(bob, true)) == 1 && alice.count(presence(dave, true)) == 1
                            && bob.count(away(alice)) == 1);
            sending.set(false);
            traffic.join(5000);
            assertEquals(2, nodes());

            try (TestClient erin = online(uri(), "erin-f", "room-f");
                    TestClient frank = online(b.uri(), "frank-f", "room-f")) {
                assertNotNull(erin.id());
                assertNotNull(frank.id());
                await().atMost(Duration.ofSeconds(5)).until(() -> frank.count(away(alice)) == 1); // the other instance's snapshot
                String emitted = "{\"type\":\"message\",\"from\":\"rails\",\"to\":\"room-f\",\"data\":{\"after\":\"failover\"}}";
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    try (Jedis jedis = redis.master()) {
                        jedis.publish("symple:broadcast", emitted);
                    }
                    return List.of(alice, bob, erin, frank).stream().allMatch(peer -> peer.count(emitted::equals) > 0);
                });
            }
        }
    }
}
