package org.symple.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.symple.server.it.support.ServerTest;
import org.symple.server.it.support.Teams;
import org.symple.server.it.support.TestClient;
import org.symple.server.testing.Deployments;

/** Routing on the teams fixture: addressing, permissions, deduplication and order. */
class RoutingIT extends ServerTest {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("routing", Map.of("SYMPLE_RATE_LIMIT", "1000"));
    }

    private static JsonObject message(JsonValue to) {
        return Json.createObjectBuilder().add("type", "message").add("to", to).add("data", Json.createObjectBuilder().add("k", 1)).build();
    }

    private static JsonObject message(String to) {
        return message(Json.createValue(to));
    }

    // conformance T36
    @Test
    void directMessageArrivesWithFromRewrittenAndAllElseUnchanged() {
        try (Teams t = new Teams(uri())) {
            JsonObject sent = Json.createObjectBuilder().add("type", "message").add("id", "m1").add("from", "mallory|fake")
                    .add("to", t.bob.address()).add("subtype", "chat").add("data", Json.createObjectBuilder().add("text", "hi"))
                    .add("notes", Json.createArrayBuilder().add(Json.createObjectBuilder().add("type", "info").add("text", "n")))
                    .add("status", 200).build();
            t.alice.send(sent);
            assertEquals(Json.createObjectBuilder(sent).add("from", t.alice.address()).build(), t.bob.next());
            t.alice.assertQuiet();
        }
    }

    // conformance T37, T38
    @Test
    void noSharedRoomOrNoSuchPeerIsASilentDrop() {
        try (Teams t = new Teams(uri())) {
            t.alice.send(message(t.eve.address()));
            t.alice.send(message("ghost|nope"));
            for (TestClient client : List.of(t.alice, t.bob, t.eve, t.carol)) {
                client.assertQuiet();
            }
            assertFalse(t.alice.isClosed());
        }
    }

    // conformance T39
    @Test
    void withoutToAMessageReachesEachCoMemberOnce() {
        try (Teams t = new Teams(uri())) {
            t.alice.send("{\"type\":\"message\",\"data\":{\"k\":1}}");
            assertEquals(t.alice.address(), t.bob.next().getString("from"));
            for (TestClient client : List.of(t.alice, t.bob, t.eve, t.carol)) {
                client.assertQuiet();
            }
        }
    }

    // conformance T40, T42
    @Test
    void roomArraysAreDeduplicatedAndNeedMembership() {
        try (Teams t = new Teams(uri())) {
            t.alice.send(message(Json.createArrayBuilder().add(t.teamA).add(t.x).build()));
            t.bob.next();
            t.bob.assertQuiet();
            t.alice.send(message(Json.createArrayBuilder().add(t.teamA).add(t.teamB).build()));
            t.bob.next();
            t.bob.assertQuiet();
            t.eve.assertQuiet();
        }
    }

    // conformance T41
    @Test
    void nonMembersCannotPostToARoom() {
        try (Teams t = new Teams(uri())) {
            t.carol.send(message(Json.createArrayBuilder().add(t.x).build()));
            t.bob.assertQuiet();
            t.alice.assertQuiet();
        }
    }

    // conformance T43, T44
    @Test
    void aUserAddressReachesEverySessionSharingARoom() {
        try (Teams t = new Teams(uri()); TestClient bob2 = TestClient.online(uri(), t.user("bob"), t.teamA)) {
            t.drainAll();
            bob2.drain();
            t.alice.send(message(t.user("bob")));
            t.bob.next();
            bob2.next();
            t.alice.assertQuiet();
            t.eve.send(message(t.user("bob")));
            t.bob.assertQuiet();
            bob2.assertQuiet();
        }
    }

    // conformance T45, T50
    @Test
    void anEmptyIdOrExtraBarsReachNobody() {
        try (Teams t = new Teams(uri())) {
            t.alice.send(message(t.user("bob") + "|"));
            t.alice.send(message(t.bob.address() + "|extra"));
            t.bob.assertQuiet();
        }
    }

    // conformance T46
    @Test
    void otherToTypesAreDropped() {
        try (Teams t = new Teams(uri())) {
            for (JsonValue to : List.of(JsonValue.NULL, Json.createValue(5), Json.createObjectBuilder().add("a", 1).build(),
                    JsonValue.TRUE, Json.createValue(""))) {
                t.alice.send(message(to));
            }
            for (TestClient client : List.of(t.alice, t.bob, t.eve, t.carol)) {
                client.assertQuiet();
            }
            assertFalse(t.alice.isClosed());
        }
    }

    // conformance T47
    @Test
    void theOwnUserAddressReachesTheOtherSessionsOnly() {
        try (Teams t = new Teams(uri()); TestClient alice2 = TestClient.online(uri(), t.user("alice"))) {
            t.drainAll();
            alice2.drain();
            t.alice.send(message(t.user("alice")));
            alice2.next();
            t.alice.assertQuiet();
        }
    }

    // conformance T48
    @Test
    void commandEventAndPresenceAreRoutedUnknownTypesAreNot() {
        try (Teams t = new Teams(uri())) {
            JsonObject command = Json.createObjectBuilder().add("type", "command").add("to", t.bob.address())
                    .add("node", "media:video").add("action", "start").build();
            JsonObject event = Json.createObjectBuilder().add("type", "event").add("to", t.bob.address())
                    .add("name", "typing").add("time", 1).build();
            t.alice.send(command);
            t.alice.send(event);
            t.alice.send(Json.createObjectBuilder().add("type", "presence").add("to", t.bob.address()).build());
            t.alice.send(Json.createObjectBuilder().add("type", "foo").add("to", t.bob.address()).build());
            assertEquals(Json.createObjectBuilder(command).add("from", t.alice.address()).build(), t.bob.next());
            assertEquals(Json.createObjectBuilder(event).add("from", t.alice.address()).build(), t.bob.next());
            assertEquals("presence", t.bob.next().getString("type"));
            t.bob.assertQuiet();
        }
    }

    // conformance T49
    @Test
    void aHundredMessagesArriveInOrder() {
        try (Teams t = new Teams(uri())) {
            for (int seq = 0; seq < 100; seq++) {
                t.alice.send(Json.createObjectBuilder().add("type", "message").add("to", t.bob.address())
                        .add("data", Json.createObjectBuilder().add("seq", seq)).build());
            }
            for (int seq = 0; seq < 100; seq++) {
                assertEquals(seq, t.bob.next().getJsonObject("data").getInt("seq"));
            }
        }
    }

    // conformance T76
    @Test
    void aMessageOfExactlyTheLimitIsDeliveredOneByteMoreIsRefused() {
        try (Teams t = new Teams(uri())) {
            String prefix = "{\"type\":\"message\",\"to\":\"" + t.bob.address() + "\",\"data\":\"";
            String suffix = "\"}";
            String exact = prefix + "a".repeat(65536 - prefix.length() - suffix.length()) + suffix;
            assertEquals(65536, exact.length());
            t.alice.send(exact);
            assertEquals(t.alice.address(), t.bob.next().getString("from"));
            t.alice.send(exact.replace("\"data\":\"", "\"data\":\"b"));
            JsonObject error = t.alice.next();
            assertEquals(413, error.getInt("status"));
            assertEquals("Message too large", error.getString("message"));
            assertEquals(1008, t.alice.awaitClose(java.time.Duration.ofSeconds(2)));
        }
    }
}
