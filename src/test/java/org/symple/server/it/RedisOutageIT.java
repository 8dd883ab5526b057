package org.symple.server.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.symple.server.it.support.RedisFixture;
import org.symple.server.it.support.TestClient;
import org.symple.server.testing.Deployments;
import org.symple.server.testing.Launcher;
import org.symple.server.testing.Product;
import org.symple.server.testing.ServerProcess;

/**
 * Redis outages and recovery: two instances share one Redis, a token-mode one (no TTL
 * management) and an anonymous one. Redis is killed and restarted on the same port; token auth answers E7 within
 * 5 s meanwhile, anonymous peers carry on, and emission works again after the restart without a redeploy. Then
 * Redis hangs (paused): the lookup's time bound still gives E7 within 5 s.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisOutageIT {

    private static final String CHANNEL = "symple:broadcast";
    private static final String KEY = "symple:session:";
    private static RedisFixture redis;

    @ArquillianResource
    @OperateOnDeployment("token")
    URL tokenBase;

    @ArquillianResource
    Deployer deployer;

    private static URI anonymousUri;
    private static ServerProcess anonymousChild;

    private static synchronized RedisFixture redis() {
        if (redis == null) {
            redis = RedisFixture.start();
        }
        return redis;
    }

    @Deployment(name = "token", testable = false)
    static WebArchive tokenDeployment() {
        return Deployments.war("outage-token", Map.of("SYMPLE_AUTHENTICATION", "true", "SYMPLE_REDIS_URL", redis().url(),
                "SYMPLE_SESSION_TTL", "-1"));
    }

    @Deployment(name = "anonymous", managed = false, testable = false)
    static WebArchive anonymousDeployment() {
        return Deployments.war("outage-anonymous", anonymousSettings());
    }

    private static Map<String, String> anonymousSettings() {
        return Map.of("SYMPLE_REDIS_URL", redis().url());
    }

    @AfterAll
    static void stopAnonymousChild() {
        if (anonymousChild != null) {
            anonymousChild.close();
        }
    }

    private URI token() {
        return Deployments.ws(tokenBase);
    }

    /**
     * The anonymous instance: a second deployment on the server under test, deployed on first use, or on Payara a
     * Payara Micro process of its own, since that adapter runs each deployment as a process on the one test port.
     */
    private URI anonymous() {
        synchronized (RedisOutageIT.class) {
            if (anonymousUri == null) {
                if (Product.underTest() == Product.PAYARA) {
                    anonymousChild = Launcher.instance(Product.PAYARA, "outage-anonymous", anonymousSettings()).awaitReady();
                    anonymousUri = anonymousChild.uri();
                } else {
                    deployer.deploy("anonymous");
                    anonymousUri = URI.create(token().toString().replace("/outage-token/", "/outage-anonymous/"));
                }
            }
            return anonymousUri;
        }
    }

    private static String newSession(String user) {
        String token = "tok-" + UUID.randomUUID();
        redis.set(KEY + token, "{\"user\":\"" + user + "\"}", 600);
        return token;
    }

    // conformance T28
    @Test
    @Order(1)
    void withoutATtlTheSessionExpiryIsLeftAlone() {
        String token = newSession("ttl-off");
        try (TestClient client = TestClient.connect(token())) {
            client.welcome("ttl-off", Json.createObjectBuilder().add("token", token));
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> redis.ttl(KEY + token) > 590);
        }
    }

    // conformance T27
    @Test
    @Order(2)
    void withRedisDownTokenAuthFailsWithinFiveSecondsWhileAnonymousPeersCarryOnAndEmissionRecovers() {
        anonymous();
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.subscribers(CHANNEL) >= 2);
        try (TestClient alice = TestClient.online(anonymous(), "alice-27", "room-27")) {
            publish(alice, "before"); // published as soon as the welcome arrived; a freshly started instance is cold
            assertEquals("before", alice.next(Duration.ofSeconds(5)).getString("data"));

            redis.stop();

            try (TestClient refused = TestClient.connect(token())) {
                long start = System.nanoTime();
                refused.send(Json.createObjectBuilder().add("type", "auth").add("user", "carol-27")
                        .add("token", "tok-" + UUID.randomUUID()).build());
                JsonObject answer = refused.next(Duration.ofSeconds(5));
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertEquals(401, answer.getInt("status"));
                assertTrue(answer.getString("message").startsWith("Authentication failed: Redis error"), answer::toString);
                assertTrue(millis <= 5000, "answered after " + millis + " ms");
                assertEquals(1008, refused.awaitClose(Duration.ofSeconds(2)));
                System.out.println("Redis down: token auth answered E7 in " + millis + " ms: " + answer.getString("message"));
            }

            try (TestClient bob = TestClient.online(anonymous(), "bob-27", "room-27")) {
                alice.drain();
                bob.drain();
                bob.send(Json.createObjectBuilder().add("type", "message").add("to", "alice-27").add("data", "local").build());
                assertEquals("local", alice.next().getString("data"));
            }
            alice.drain();

            redis.restart();
            long restarted = System.nanoTime();
            String first = null;
            int attempt = 0;
            while (first == null && System.nanoTime() - restarted < Duration.ofSeconds(30).toNanos()) {
                publish(alice, "after-" + ++attempt);
                String text = alice.poll(Duration.ofMillis(100));
                first = text == null ? null : TestClient.parse(text).getString("data");
            }
            long recoveryMillis = (System.nanoTime() - restarted) / 1_000_000;
            System.out.println("Redis restarted: emission delivered again after " + recoveryMillis + " ms (" + attempt
                    + " publications)");
            assertTrue(first != null && first.startsWith("after-"), "emission did not recover within 30 s");
            assertTrue(recoveryMillis < 15_000, "recovered only after " + recoveryMillis + " ms");
            // each publication reaches alice once: nothing more arrives for the ones already sent
            for (String text = alice.poll(Duration.ofMillis(300)); text != null; text = alice.poll(Duration.ofMillis(300))) {
                String data = TestClient.parse(text).getString("data");
                assertTrue(!data.equals(first), "delivered twice: " + data);
            }
            assertEquals("once", deliveredTo(alice, "once").getString("data"));
            alice.assertQuiet();

            String token = newSession("dave-27");
            try (TestClient dave = TestClient.connect(token())) {
                assertEquals("dave-27", dave.welcome("dave-27", Json.createObjectBuilder().add("token", token))
                        .getJsonObject("peer").getString("user"));
            }
        }
    }

    @Test
    @Order(3)
    void aHungRedisAlsoFailsTokenAuthWithinFiveSeconds() {
        String token = newSession("erin-27");
        Assumptions.assumeTrue(redis.pause(), "cannot pause redis-server here");
        try {
            try (TestClient refused = TestClient.connect(token())) {
                long start = System.nanoTime();
                refused.send(Json.createObjectBuilder().add("type", "auth").add("user", "erin-27").add("token", token).build());
                JsonObject answer = refused.next(Duration.ofSeconds(6));
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(answer.getString("message").startsWith("Authentication failed: Redis error"), answer::toString);
                assertTrue(millis <= 5000, "answered after " + millis + " ms");
                assertEquals(1008, refused.awaitClose(Duration.ofSeconds(2)));
                System.out.println("Redis hung: token auth answered E7 in " + millis + " ms: " + answer.getString("message"));
            }
            try (TestClient frank = TestClient.online(anonymous(), "frank-27")) {
                assertTrue(frank.id() != null, "anonymous peers are served while Redis hangs");
            }
        } finally {
            redis.resume();
        }
        try (TestClient erin = TestClient.connect(token())) {
            assertEquals("erin-27", erin.welcome("erin-27", Json.createObjectBuilder().add("token", token))
                    .getJsonObject("peer").getString("user"));
        }
    }

    private static void publish(TestClient client, String data) {
        redis.publish(CHANNEL, Json.createObjectBuilder().add("type", "message").add("from", "rails")
                .add("to", client.address()).add("data", data).build().toString());
    }

    private static JsonObject deliveredTo(TestClient client, String data) {
        publish(client, data);
        return client.next();
    }
}
