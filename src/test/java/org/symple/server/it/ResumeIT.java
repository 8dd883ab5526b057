package org.symple.server.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.symple.server.it.support.RedisFixture;
import org.symple.server.it.support.ResumingClient;
import org.symple.server.it.support.ServerTest;
import org.symple.server.it.support.TcpProxy;
import org.symple.server.it.support.TestClient;
import org.symple.server.testing.Deployments;

/**
 * The {@code resume} extension on one instance: a connection cut by a TCP reset comes back as the same peer and gets
 * every frame routed to it meanwhile (room and direct messages, call signalling, an emission from Redis) once and in
 * order; an expired window and an overflowed buffer are refused with their reason and a fresh session; forged,
 * reused and other users' tokens are refused; clients that do not ask see today's frames. Grace 5 s, window 8 s,
 * 20 frames per buffer.
 */
class ResumeIT extends ServerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static RedisFixture redis;

    @Deployment(testable = false)
    static WebArchive deployment() {
        redis = RedisFixture.start();
        return Deployments.war("resume", Map.of("SYMPLE_REDIS_URL", redis.url(), "SYMPLE_RESUME_WINDOW", "8",
                "SYMPLE_RESUME_GRACE", "5", "SYMPLE_RESUME_MAX_FRAMES", "20"));
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void serverSubscribed() {
        await().atMost(WAIT).until(() -> redis.subscribers("symple:broadcast") >= 1);
    }

    /** The reason a resume with {@code token} by another user gets: {@code user} while the session lives. */
    private String reasonForAnotherUser(String token) {
        try (TestClient probe = TestClient.connect(uri())) {
            return probe.welcome(user("probe"), Json.createObjectBuilder()
                    .add("extensions", Json.createArrayBuilder().add("resume"))
                    .add("resume", Json.createObjectBuilder().add("token", token).add("seq", 0)))
                    .getJsonObject("resume").getString("reason");
        }
    }

    /** The room message numbered {@code n}, skipping other frames. */
    private static JsonObject message(TestClient client, int n) {
        for (;;) {
            JsonObject frame = client.next("message", WAIT);
            if (frame.getJsonObject("data").getInt("n") == n) {
                return frame;
            }
        }
    }

    private static String room() {
        return "r" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String user(String name) {
        return name + UUID.randomUUID().toString().substring(0, 6);
    }

    private static void say(TestClient from, String to, int n) {
        from.send("{\"type\":\"message\",\"to\":\"" + to + "\",\"data\":{\"n\":" + n + "}}");
    }

    @Test
    void aCutConnectionResumesAsTheSamePeerWithEveryFrameOfTheGapOnceAndInOrder() {
        String room = room();
        try (TcpProxy line = TcpProxy.to(uri());
                ResumingClient alice = ResumingClient.online(line.uri(), user("alice"), room);
                TestClient bob = TestClient.online(uri(), user("bob"), room);
                TestClient carol = TestClient.online(uri(), user("carol"), room)) {
            alice.next("presence", 2, WAIT); // bob and carol arrived
            bob.drain();
            say(bob, room, 0);
            assertEquals(0, alice.next("message", 1, WAIT).get(0).getJsonObject("data").getInt("n"));
            String id = alice.connection().id();

            line.cut();
            say(bob, room, 1);
            say(bob, alice.address(), 2);
            bob.send("{\"type\":\"message\",\"subtype\":\"call:offer\",\"to\":\"" + alice.address()
                    + "\",\"data\":{\"sdp\":\"v=0\"}}");
            say(bob, room, 99);
            message(carol, 99); // bob's frames are routed
            redis.publish("symple:broadcast", "{\"type\":\"event\",\"name\":\"rails\",\"to\":\"" + room
                    + "\",\"data\":{\"n\":3}}");
            carol.next("event", WAIT); // and so is alice's copy of this
            bob.send("{\"type\":\"message\",\"subtype\":\"call:hangup\",\"to\":\"" + alice.address()
                    + "\",\"data\":{\"reason\":\"hung up\"}}");

            JsonObject welcome = alice.resume(line.uri());
            assertTrue(welcome.getJsonObject("resume").getBoolean("resumed"));
            assertEquals(id, welcome.getJsonObject("peer").getString("id"));
            List<JsonObject> gap = List.of(alice.next(WAIT), alice.next(WAIT), alice.next(WAIT), alice.next(WAIT),
                    alice.next(WAIT), alice.next(WAIT));
            assertEquals(1, gap.get(0).getJsonObject("data").getInt("n"));
            assertEquals(2, gap.get(1).getJsonObject("data").getInt("n"));
            assertEquals("call:offer", gap.get(2).getString("subtype"));
            assertEquals(99, gap.get(3).getJsonObject("data").getInt("n"));
            assertEquals("rails", gap.get(4).getString("name"));
            assertEquals("call:hangup", gap.get(5).getString("subtype"));
            assertEquals(List.of(), alice.drain(), "each frame once");
            assertTrue(carol.drain().stream().noneMatch(f -> "presence".equals(f.getString("type", ""))),
                    "co-members heard nothing of the cut");

            say(bob, room, 4);
            assertEquals(4, alice.next("message", 1, WAIT).get(0).getJsonObject("data").getInt("n"));
            say(bob, alice.address(), 5);
            assertEquals(5, alice.next("message", 1, WAIT).get(0).getJsonObject("data").getInt("n"));
        }
    }

    @Test
    void pastTheWindowTheResumeIsRefusedAsExpiredAndAFreshSessionStartsWithTrueRosters() {
        String room = room();
        try (TcpProxy line = TcpProxy.to(uri());
                ResumingClient alice = ResumingClient.online(line.uri(), user("alice"), room);
                TestClient bob = TestClient.online(uri(), user("bob"), room)) {
            alice.next("presence", 1, WAIT);
            bob.drain();
            String oldId = alice.connection().id();
            String oldAddress = alice.address();
            line.cut();
            JsonObject offline = bob.next("presence", Duration.ofSeconds(15));
            assertEquals(oldId, offline.getJsonObject("data").getString("id"));
            assertFalse(offline.getJsonObject("data").getBoolean("online"), "offline once the grace has passed");
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                    .until(() -> "expired".equals(reasonForAnotherUser(alice.token())));

            JsonObject welcome = alice.resume(line.uri());
            assertFalse(welcome.getJsonObject("resume").getBoolean("resumed"));
            assertEquals("expired", welcome.getJsonObject("resume").getString("reason"));
            assertNotEquals(oldId, welcome.getJsonObject("peer").getString("id"));
            List<JsonObject> after = alice.drain();
            assertTrue(after.stream().anyMatch(f -> "presence".equals(f.getString("type", ""))
                    && f.getJsonObject("data").getString("id").equals(bob.id()) && f.getJsonObject("data").getBoolean("online")),
                    "the fresh session's snapshot shows bob");
            assertTrue(after.stream().anyMatch(f -> "presence".equals(f.getString("type", ""))
                    && f.getJsonObject("data").getString("id").equals(oldId) && !f.getJsonObject("data").getBoolean("online")),
                    "and tells it its old id is gone: " + oldAddress);
        }
    }

    @Test
    void whenTheBufferOverflowedTheResumeIsRefusedNeverReplayedInPart() {
        String room = room();
        try (TcpProxy line = TcpProxy.to(uri());
                ResumingClient alice = ResumingClient.online(line.uri(), user("alice"), room);
                TestClient bob = TestClient.online(uri(), user("bob"), room);
                ResumingClient carol = ResumingClient.online(uri(), user("carol"), room)) {
            alice.next("presence", 2, WAIT);
            bob.drain();
            carol.drain();
            String oldId = alice.connection().id();
            line.cut();
            for (int n = 1; n <= 25; n++) {
                say(bob, room, n);
            }
            // carol's copies are numbered after alice's (in a cluster, in the same order): alice's 25 are kept
            assertEquals(25, carol.next("message", 25, WAIT).get(24).getJsonObject("data").getInt("n"));
            JsonObject welcome = alice.resume(line.uri());
            assertEquals("overflow", welcome.getJsonObject("resume").getString("reason"));
            assertNotEquals(oldId, welcome.getJsonObject("peer").getString("id"));
            assertTrue(alice.drain().stream().noneMatch(f -> "message".equals(f.getString("type", ""))));
            JsonObject offline = bob.next("presence", WAIT);
            assertEquals(oldId, offline.getJsonObject("data").getString("id"));
            assertFalse(offline.getJsonObject("data").getBoolean("online"));
        }
    }

    @Test
    void forgedReusedAndOtherUsersTokensAreRefusedWithAFreshSession() {
        String room = room();
        try (TcpProxy line = TcpProxy.to(uri());
                ResumingClient alice = ResumingClient.online(line.uri(), user("alice"), room);
                ResumingClient mallory = ResumingClient.online(uri(), user("mallory"), room)) {
            String id = alice.connection().id();
            String first = alice.token();
            line.cut();
            assertEquals("invalid", mallory.resumeWith(uri(), id + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 0)
                    .getJsonObject("resume").getString("reason"));
            assertEquals("user", mallory.resumeWith(uri(), first, 0).getJsonObject("resume").getString("reason"));
            assertEquals("unknown", mallory.resumeWith(uri(), "not-a-token", 0).getJsonObject("resume").getString("reason"));

            JsonObject resumed = alice.resume(line.uri());
            assertTrue(resumed.getJsonObject("resume").getBoolean("resumed"), "the owner still resumes");
            assertEquals(id, resumed.getJsonObject("peer").getString("id"));
            assertNotEquals(first, alice.token());
            JsonObject reused = alice.resumeWith(uri(), first, 0);
            assertEquals("used", reused.getJsonObject("resume").getString("reason"));
            assertNotEquals(id, reused.getJsonObject("peer").getString("id"));
        }
    }

    @Test
    void clientsThatDoNotAskSeeTodaysFrames() {
        String room = room();
        try (TestClient plain = TestClient.online(uri(), user("plain"), room);
                ResumingClient alice = ResumingClient.online(uri(), user("alice"), room)) {
            JsonObject welcome = plain.welcomeFrame();
            assertNull(welcome.get("resume"));
            assertTrue(welcome.getJsonArray("extensions").toString().contains("\"resume\""));
            say(alice.connection(), room, 1);
            JsonObject presence = plain.next("presence", WAIT);
            assertNull(presence.get("seq"));
            JsonObject message = plain.next("message", WAIT);
            assertNull(message.get("seq"));
            assertEquals(1, message.getJsonObject("data").getInt("n"));
        }
    }
}
