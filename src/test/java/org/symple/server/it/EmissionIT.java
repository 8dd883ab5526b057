package org.symple.server.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.symple.server.it.support.RedisFixture;
import org.symple.server.it.support.ServerTest;
import org.symple.server.it.support.Teams;
import org.symple.server.it.support.TestClient;
import org.symple.server.testing.Deployments;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * Objects published on {@code symple:broadcast} reach the matching local peers verbatim, each peer
 * once; anything else is ignored; the server itself never publishes there. Anonymous mode with Redis configured.
 */
class EmissionIT extends ServerTest {

    private static final String CHANNEL = "symple:broadcast";
    private static RedisFixture redis;

    @Deployment(testable = false)
    static WebArchive deployment() {
        redis = RedisFixture.start();
        return Deployments.war("emission", Map.of("SYMPLE_REDIS_URL", redis.url()));
    }

    @BeforeEach
    void serverSubscribed() {
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.subscribers(CHANNEL) >= 1);
    }

    /** Publishes an object and returns it parsed, for comparison with what peers receive. */
    private static JsonObject publish(String json) {
        redis.publish(CHANNEL, json);
        return TestClient.parse(json);
    }

    private static void quiet(TestClient... clients) {
        for (TestClient client : clients) {
            client.assertQuiet();
        }
    }

    // conformance T67
    @Test
    void aRoomNameReachesItsMembersVerbatim() {
        try (Teams teams = new Teams(uri())) {
            JsonObject sent = publish("{\"type\":\"message\",\"from\":\"rails\",\"to\":\"" + teams.teamA + "\",\"data\":{\"n\":1}}");
            assertEquals(sent, teams.alice.next());
            assertEquals(sent, teams.bob.next());
            quiet(teams.alice, teams.bob, teams.eve, teams.carol);
        }
    }

    // conformance T68
    @Test
    void aRoomListReachesEachMemberOnce() {
        try (Teams teams = new Teams(uri())) {
            JsonObject sent = publish("{\"type\":\"message\",\"from\":\"rails\",\"to\":[\"" + teams.teamA + "\",\"" + teams.x
                    + "\",\"" + teams.teamA + "\"],\"data\":{\"n\":2}}");
            assertEquals(sent, teams.alice.next());
            assertEquals(sent, teams.bob.next());
            quiet(teams.alice, teams.bob, teams.eve, teams.carol);
        }
    }

    // conformance T69
    @Test
    void aFullAddressReachesThatPeerWithoutASharedRoom() {
        try (Teams teams = new Teams(uri())) {
            JsonObject sent = publish("{\"type\":\"event\",\"name\":\"ping\",\"to\":\"" + teams.eve.address() + "\"}");
            assertEquals(sent, teams.eve.next());
            quiet(teams.alice, teams.bob, teams.eve, teams.carol);
        }
    }

    // conformance T70
    @Test
    void aUserNameReachesEverySessionOfTheUser() {
        try (Teams teams = new Teams(uri()); TestClient bob2 = TestClient.online(uri(), teams.user("bob"), teams.teamA)) {
            teams.drainAll();
            bob2.drain();
            JsonObject sent = publish("{\"type\":\"message\",\"to\":\"" + teams.user("bob") + "\",\"data\":{}}");
            assertEquals(sent, teams.bob.next());
            assertEquals(sent, bob2.next());
            quiet(teams.alice, teams.bob, bob2, teams.eve, teams.carol);
        }
    }

    // conformance T71
    @Test
    void withoutToOrWithAnInvalidToNobodyIsReached() {
        try (Teams teams = new Teams(uri())) {
            publish("{\"type\":\"message\",\"from\":\"rails\",\"data\":{}}");
            publish("{\"type\":\"message\",\"to\":\"" + teams.user("bob") + "|\",\"data\":{}}");
            publish("{\"type\":\"message\",\"to\":\"" + teams.user("bob") + "|no-such-id\",\"data\":{}}");
            publish("{\"type\":\"message\",\"to\":42,\"rooms\":[\"" + teams.teamA + "\"]}");
            quiet(teams.alice, teams.bob, teams.eve, teams.carol);
        }
    }

    // conformance T72
    @Test
    void payloadsThatAreNotObjectsAreIgnored() {
        try (Teams teams = new Teams(uri())) {
            for (String junk : List.of("not json", "null", "[1,2]", "42", "\"text\"", "{\"to\":")) {
                redis.publish(CHANNEL, junk);
            }
            JsonObject sent = publish("{\"type\":\"message\",\"from\":\"rails\",\"to\":\"" + teams.teamA + "\",\"data\":{\"n\":1}}");
            assertEquals(sent, teams.alice.next());
            assertEquals(sent, teams.bob.next());
            quiet(teams.alice, teams.bob);
        }
    }

    // conformance T73
    @Test
    void withoutToTheRoomsFieldIsTheTarget() {
        try (Teams teams = new Teams(uri())) {
            JsonObject sent = publish("{\"type\":\"message\",\"rooms\":[\"" + teams.teamB + "\"],\"data\":{}}");
            assertEquals(sent, teams.eve.next());
            quiet(teams.alice, teams.bob, teams.eve, teams.carol);
        }
    }

    @Test
    void anyTypeIsDeliveredAsPublished() {
        try (Teams teams = new Teams(uri())) {
            JsonObject sent = publish("{\"type\":\"welcome\",\"from\":\"anything\",\"to\":\"" + teams.carol.address()
                    + "\",\"n\":1.50,\"nested\":{\"a\":[1,null,true]}}");
            assertEquals(sent, teams.carol.next());
            quiet(teams.carol, teams.alice);
        }
    }

    @Test
    void theServerNeverPublishesOnTheBroadcastChannel() throws InterruptedException {
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        JedisPubSub listener = new JedisPubSub() {
            @Override
            public void onMessage(String channel, String message) {
                seen.add(message);
            }
        };
        Thread subscriber = new Thread(() -> {
            try (Jedis jedis = redis.client()) {
                jedis.subscribe(listener, CHANNEL);
            }
        });
        subscriber.setDaemon(true);
        subscriber.start();
        try (Teams teams = new Teams(uri())) {
            await().atMost(Duration.ofSeconds(5)).until(() -> redis.subscribers(CHANNEL) >= 2);
            teams.alice.send(Json.createObjectBuilder().add("type", "message").add("to", teams.bob.address()).add("data", 1).build());
            teams.alice.send(Json.createObjectBuilder().add("type", "message").add("data", 2).build());
            teams.alice.send(Json.createObjectBuilder().add("type", "presence").add("data", Json.createObjectBuilder()).build());
            teams.alice.send(Json.createObjectBuilder().add("type", "join").add("room", teams.teamB).build());
            assertEquals(1, teams.bob.next().getInt("data"));
            assertEquals(2, teams.bob.next().getInt("data"));
            teams.bob.drain();
            String marker = "{\"type\":\"marker\",\"to\":\"nobody-" + teams.tag + "\"}";
            publish(marker);
            assertEquals(marker, seen.poll(5, TimeUnit.SECONDS), "the test's own publication comes first");
            assertEquals(null, seen.poll(300, TimeUnit.MILLISECONDS));
        } finally {
            if (listener.isSubscribed()) {
                listener.unsubscribe();
            }
            subscriber.join(2000);
        }
    }
}
