package org.symple.server.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.symple.server.it.support.ResumingClient;
import org.symple.server.it.support.SecondInstance;
import org.symple.server.it.support.ServerTest;
import org.symple.server.it.support.TcpProxy;
import org.symple.server.it.support.TestClient;
import org.symple.server.testing.Deployments;
import org.symple.server.testing.ServerProcess;

/**
 * The {@code resume} extension across two instances on one Redis: a client cut from instance A resumes on instance B
 * as the same peer with everything of the gap once and in order, and nobody hears of the move; a client whose
 * instance was stopped resumes on the other under the same id; a client whose instance was killed with SIGKILL resumes on the other one with the frames routed to it after the kill. A is the
 * deployment under test, B a second instance of the same product; the client reaches them through a TCP proxy.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResumeClusterIT extends ServerTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final SecondInstance CLUSTER = new SecondInstance("resume-cluster");

    @Deployment(testable = false)
    static WebArchive instanceA() {
        return Deployments.war("resume-cluster", CLUSTER.settings());
    }

    @AfterAll
    static void stopInstances() {
        CLUSTER.close();
    }

    private static ServerProcess b() {
        return CLUSTER.b();
    }

    private static String unique(String base) {
        return base + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void say(TestClient from, String to, int n) {
        from.send("{\"type\":\"message\",\"to\":\"" + to + "\",\"data\":{\"n\":" + n + "}}");
    }

    /** The resumed client's next {@code count} frames: its gap, in order. */
    private static List<JsonObject> gap(ResumingClient client, int count) {
        List<JsonObject> frames = new java.util.ArrayList<>();
        while (frames.size() < count) {
            frames.add(client.next(WAIT));
        }
        return frames;
    }

    private static int n(JsonObject frame) {
        return frame.getJsonObject("data").getInt("n");
    }

    @Test
    @Order(1)
    void aClientCutFromOneInstanceResumesOnTheOtherAsTheSamePeerWithTheWholeGap() {
        String room = unique("move");
        try (TcpProxy line = TcpProxy.to(uri());
                ResumingClient alice = ResumingClient.online(line.uri(), unique("alice"), room);
                TestClient bob = TestClient.online(b().uri(), unique("bob"), room);
                ResumingClient carol = ResumingClient.online(uri(), unique("carol"), room)) {
            alice.next("presence", 2, WAIT);
            bob.drain();
            alice.connection().send("{\"type\":\"presence\",\"data\":{\"status\":\"away\"}}");
            await().atMost(WAIT).until(() -> bob.drain().stream().anyMatch(f -> "away".equals(
                    f.getJsonObject("data") == null ? null : f.getJsonObject("data").getString("status", null))));
            carol.drain();
            String id = alice.connection().id();

            line.cut();
            line.switchTo(b().uri());
            say(bob, room, 1);
            say(bob, alice.address(), 2);
            bob.send("{\"type\":\"message\",\"subtype\":\"call:candidate\",\"to\":\"" + alice.address()
                    + "\",\"data\":{\"candidate\":\"candidate:1 1 udp 1 127.0.0.1 9 typ host\"}}");
            CLUSTER.redis().publish("symple:broadcast", "{\"type\":\"event\",\"name\":\"rails\",\"to\":\"" + room
                    + "\",\"data\":{\"n\":3}}");
            say(bob, room, 4);
            List<JsonObject> carols = gap(carol, 3); // alice's copies are numbered before carol's
            assertEquals(4, n(carols.stream().filter(f -> "message".equals(f.getString("type"))).toList().get(1)));
            assertEquals(1, carols.stream().filter(f -> "rails".equals(f.getString("name", ""))).count());

            JsonObject welcome = alice.resume(line.uri());
            assertTrue(welcome.getJsonObject("resume").getBoolean("resumed"), welcome.toString());
            assertEquals(id, welcome.getJsonObject("peer").getString("id"));
            List<JsonObject> frames = gap(alice, 5);
            // bob's frames in his order; the emission came through the other instance's subscriber, in between
            List<JsonObject> bobs = frames.stream().filter(f -> "message".equals(f.getString("type"))).toList();
            assertEquals(4, bobs.size(), frames.toString());
            assertEquals(1, n(bobs.get(0)));
            assertEquals(2, n(bobs.get(1)));
            assertEquals("call:candidate", bobs.get(2).getString("subtype"));
            assertEquals(4, n(bobs.get(3)));
            assertEquals(1, frames.stream().filter(f -> "rails".equals(f.getString("name", ""))).count());
            assertEquals(List.of(), alice.drain(), "each frame once");

            say(bob, alice.address(), 5);
            assertEquals(5, n(alice.next("message", 1, WAIT).get(0)));
            say(carol.connection(), room, 6);
            assertEquals(6, n(alice.next("message", 1, WAIT).get(0)));
            assertTrue(bob.drain().stream().noneMatch(f -> f.toString().contains(id) && f.toString().contains("\"online\":false")),
                    "nobody heard of the move");
            assertTrue(carol.drain().stream().noneMatch(f -> f.toString().contains(id) && f.toString().contains("\"online\":false")),
                    "nobody heard of the move");
            try (TestClient dave = TestClient.online(b().uri(), unique("dave"), room)) {
                JsonObject seen = dave.drain().stream().filter(f -> "presence".equals(f.getString("type", ""))
                        && id.equals(f.getJsonObject("data").getString("id"))).findFirst().orElseThrow();
                assertEquals("away", seen.getJsonObject("data").getString("status"), "its status came along");
            }
        }
    }

    @Test
    @Order(2)
    void aClientOfAStoppedInstanceResumesOnTheOtherUnderTheSameId() {
        String room = unique("rolling");
        try (TcpProxy line = TcpProxy.to(b().uri());
                ResumingClient alice = ResumingClient.online(line.uri(), unique("alice"), room);
                TestClient bob = TestClient.online(uri(), unique("bob"), room)) {
            alice.next("presence", 1, WAIT);
            bob.drain();
            String id = alice.connection().id();

            line.switchTo(uri());
            CLUSTER.terminateB();
            JsonObject offline = bob.next("presence", WAIT);
            assertEquals(id, offline.getJsonObject("data").getString("id"));

            JsonObject welcome = alice.resume(line.uri());
            assertTrue(welcome.getJsonObject("resume").getBoolean("resumed"), welcome.toString());
            assertEquals(id, welcome.getJsonObject("peer").getString("id"));
            JsonObject online = bob.next("presence", WAIT);
            assertEquals(id, online.getJsonObject("data").getString("id"));
            assertTrue(online.getJsonObject("data").getBoolean("online"), "online again under the same id");
            say(bob, room, 1);
            assertEquals(1, n(alice.next("message", 1, WAIT).get(0)));
        }
    }

    @Test
    @Order(3)
    void aClientOfAKilledInstanceResumesOnTheOtherWithWhatWasRoutedToItAfterTheKill() {
        String room = unique("crash");
        try (TcpProxy line = TcpProxy.to(b().uri());
                ResumingClient alice = ResumingClient.online(line.uri(), unique("alice"), room);
                TestClient bob = TestClient.online(uri(), unique("bob"), room);
                ResumingClient carol = ResumingClient.online(uri(), unique("carol"), room)) {
            alice.next("presence", 2, WAIT);
            carol.next("presence", 1, WAIT);
            carol.drain();
            String id = alice.connection().id();

            line.switchTo(uri());
            CLUSTER.killB();
            say(bob, room, 1);
            say(bob, alice.address(), 2);
            bob.send("{\"type\":\"message\",\"subtype\":\"call:hangup\",\"to\":\"" + alice.address()
                    + "\",\"data\":{\"reason\":\"hung up\"}}");
            say(bob, room, 3);
            assertEquals(3, n(carol.next("message", 2, WAIT).get(1)));

            JsonObject welcome = alice.resume(line.uri());
            assertTrue(welcome.getJsonObject("resume").getBoolean("resumed"), welcome.toString());
            assertEquals(id, welcome.getJsonObject("peer").getString("id"));
            List<JsonObject> frames = gap(alice, 4);
            assertEquals(1, n(frames.get(0)));
            assertEquals(2, n(frames.get(1)));
            assertEquals("call:hangup", frames.get(2).getString("subtype"));
            assertEquals(3, n(frames.get(3)));

            say(bob, alice.address(), 4);
            assertEquals(4, n(alice.next("message", 1, WAIT).get(0)));
            say(alice.connection(), room, 5);
            assertEquals(5, n(bob.next("message", WAIT)));
            // once the dead instance is swept, alice stays online under her id for everyone
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                TestClient late = TestClient.online(uri(), unique("dave"), room);
                try {
                    return late.drain().stream().anyMatch(f -> "presence".equals(f.getString("type", ""))
                            && id.equals(f.getJsonObject("data").getString("id"))
                            && f.getJsonObject("data").getBoolean("online"));
                } finally {
                    late.close();
                }
            });
        }
    }
}
