package org.symple.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.symple.server.it.support.ServerTest;
import org.symple.server.it.support.Teams;
import org.symple.server.it.support.TestClient;
import org.symple.server.testing.Deployments;

/** Server presence exactly once, canonicalised client presence, snapshots and probes. */
class PresenceIT extends ServerTest {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("presence", Map.of());
    }

    // conformance T51, T52
    @Test
    void arrivalIsAnnouncedOnceAndTheNewcomerGetsOneSnapshotPerCoMember() {
        try (Teams t = new Teams(uri()); TestClient alice2 = TestClient.connect(uri())) {
            alice2.welcome(t.user("alice2"), Json.createObjectBuilder().add("rooms", Json.createArrayBuilder().add(t.teamA).add(t.x)));
            JsonObject online = t.bob.next();
            assertEquals("presence", online.getString("type"));
            assertEquals(t.user("alice2") + "|" + alice2.id(), online.getString("from"));
            JsonObject data = online.getJsonObject("data");
            assertEquals(alice2.id(), data.getString("id"));
            assertEquals(t.user("alice2"), data.getString("user"));
            assertTrue(data.getBoolean("online"));
            assertTrue(data.containsKey("name"));
            assertFalse(online.containsKey("to"));
            assertFalse(online.containsKey("probe"));
            assertFalse(data.containsKey("token"));
            t.bob.assertQuiet();
            t.eve.assertQuiet();
            var snapshot = alice2.drain();
            assertEquals(2, snapshot.size(), snapshot::toString);
            assertTrue(snapshot.stream().allMatch(f -> f.getJsonObject("data").getBoolean("online")));
            assertEquals(java.util.Set.of(t.alice.address(), t.bob.address()),
                    snapshot.stream().map(f -> f.getString("from")).collect(java.util.stream.Collectors.toSet()));
        }
    }

    // conformance T53
    @Test
    void departureIsAnnouncedOnce() {
        try (Teams t = new Teams(uri())) {
            String bob = t.bob.address();
            t.bob.close();
            JsonObject offline = t.alice.next();
            assertEquals(bob, offline.getString("from"));
            assertFalse(offline.getJsonObject("data").getBoolean("online"));
            t.alice.assertQuiet();
            t.eve.assertQuiet();
        }
    }

    // conformance T54
    @Test
    void clientPresenceIsCanonicalisedAndRememberedForSnapshots() {
        try (Teams t = new Teams(uri())) {
            t.bob.send("{\"type\":\"presence\",\"data\":{\"id\":\"FORGED\",\"user\":\"FORGED\",\"online\":false,"
                    + "\"name\":\"X\",\"type\":\"t\",\"status\":\"away\",\"token\":\"tok-zzz\"}}");
            JsonObject presence = t.alice.next();
            assertEquals(t.bob.address(), presence.getString("from"));
            JsonObject data = presence.getJsonObject("data");
            assertEquals(t.bob.id(), data.getString("id"));
            assertEquals(t.user("bob"), data.getString("user"));
            assertTrue(data.getBoolean("online"));
            assertEquals(t.user("bob"), data.getString("name"));
            assertNotEquals("t", data.getString("type"));
            assertEquals("away", data.getString("status"));
            assertFalse(data.containsKey("token"));
            t.alice.assertQuiet();
            try (TestClient late = TestClient.online(uri(), t.user("late"), t.teamA)) {
                JsonObject bobInSnapshot = late.drain().stream()
                        .filter(f -> f.getString("from").equals(t.bob.address())).findFirst().orElseThrow();
                assertEquals("away", bobInSnapshot.getJsonObject("data").getString("status"));
            }
        }
    }

    // conformance T55
    @Test
    void probesPassThroughAndDirectedAnswersArrive() {
        try (Teams t = new Teams(uri())) {
            t.bob.send("{\"type\":\"presence\",\"probe\":true}");
            JsonObject probe = t.alice.next();
            assertTrue(probe.getBoolean("probe"));
            assertEquals(t.bob.address(), probe.getString("from"));
            t.alice.send(Json.createObjectBuilder().add("type", "presence").add("to", t.bob.address()).build());
            assertEquals(t.alice.address(), t.bob.next().getString("from"));
            t.eve.assertQuiet();
        }
    }

    // conformance T56
    @Test
    void nonObjectPresenceDataBecomesTheSendersIdentity() {
        try (Teams t = new Teams(uri())) {
            t.bob.send("{\"type\":\"presence\",\"data\":\"x\"}");
            JsonObject data = t.alice.next().getJsonObject("data");
            assertEquals(t.bob.id(), data.getString("id"));
            assertEquals(t.user("bob"), data.getString("user"));
            assertTrue(data.getBoolean("online"));
        }
    }

    // conformance T57
    @Test
    void aBareSessionIdAddressesThatPeer() {
        try (Teams t = new Teams(uri())) {
            t.alice.send(Json.createObjectBuilder().add("type", "presence").add("to", t.bob.id()).build());
            assertEquals(t.alice.address(), t.bob.next().getString("from"));
        }
    }

    // conformance T59
    @Test
    void joinIsAcknowledgedThenTheRoomsMembersAreSnapshotted() {
        try (TestClient bob = TestClient.online(uri(), "bob-59"); TestClient alice = TestClient.online(uri(), "alice-59")) {
            bob.send("{\"type\":\"join\",\"room\":\"lobby-59\"}");
            assertEquals(Json.createObjectBuilder().add("type", "join:ok").add("room", "lobby-59").build(), bob.next());
            alice.send("{\"type\":\"join\",\"room\":\"lobby-59\"}");
            assertEquals(Json.createObjectBuilder().add("type", "join:ok").add("room", "lobby-59").build(), alice.next());
            JsonObject snapshot = alice.next();
            assertEquals(bob.address(), snapshot.getString("from"));
            assertTrue(snapshot.getJsonObject("data").getBoolean("online"));
            alice.assertQuiet();
            JsonObject announced = bob.next();
            assertEquals(alice.address(), announced.getString("from"));
            assertTrue(announced.getJsonObject("data").getBoolean("online"));
        }
    }

    @Test
    void leavingTheLastSharedRoomAnnouncesOfflineToThoseNoLongerShared() {
        try (TestClient bob = TestClient.online(uri(), "bob-lv", "lv-room"); TestClient alice = TestClient.online(uri(), "alice-lv", "lv-room")) {
            bob.drain();
            alice.drain();
            alice.send("{\"type\":\"leave\",\"room\":\"lv-room\"}");
            assertEquals("leave:ok", alice.next().getString("type"));
            JsonObject offline = bob.next();
            assertEquals(alice.address(), offline.getString("from"));
            assertFalse(offline.getJsonObject("data").getBoolean("online"));
        }
    }
}
