package org.symple.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.symple.server.it.support.ServerTest;
import org.symple.server.it.support.TestClient;
import org.symple.server.testing.Deployments;

/** Rooms with dynamic rooms on: join, leave, their acknowledgements and the protected user rooms. */
class RoomsIT extends ServerTest {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("rooms", Map.of());
    }

    private static JsonObject ack(String type, String room) {
        return Json.createObjectBuilder().add("type", type).add("room", room).build();
    }

    private static JsonObject toRoom(String room) {
        return Json.createObjectBuilder().add("type", "message").add("to", Json.createArrayBuilder().add(room)).build();
    }

    // conformance T60
    @Test
    void joinedMembersReceiveRoomMessagesUntilTheyLeave() {
        try (TestClient alice = TestClient.online(uri(), "alice-60"); TestClient bob = TestClient.online(uri(), "bob-60")) {
            alice.send("{\"type\":\"join\",\"room\":\"r-60\"}");
            assertEquals(ack("join:ok", "r-60"), alice.next());
            bob.send("{\"type\":\"join\",\"room\":\"r-60\"}");
            assertEquals(ack("join:ok", "r-60"), bob.next());
            alice.drain();
            bob.drain();
            alice.send(toRoom("r-60"));
            assertEquals(alice.address(), bob.next().getString("from"));
            bob.send("{\"type\":\"leave\",\"room\":\"r-60\"}");
            assertEquals(ack("leave:ok", "r-60"), bob.next());
            alice.drain();
            alice.send(toRoom("r-60"));
            bob.assertQuiet();
        }
    }

    // conformance T63
    @Test
    void joinWithoutARoomIsIgnored() {
        try (TestClient alice = TestClient.online(uri(), "alice-63")) {
            alice.send("{\"type\":\"join\"}");
            alice.send("{\"type\":\"join\",\"room\":\"\"}");
            alice.send("{\"type\":\"join\",\"room\":5}");
            alice.assertQuiet();
        }
    }

    // conformance T64
    @Test
    void leavingARoomNotJoinedIsAcknowledged() {
        try (TestClient alice = TestClient.online(uri(), "alice-64")) {
            alice.send("{\"type\":\"leave\",\"room\":\"zzz\"}");
            assertEquals(ack("leave:ok", "zzz"), alice.next());
        }
    }

    // conformance T65
    @Test
    void joiningTwiceKeepsOneMembership() {
        try (TestClient alice = TestClient.online(uri(), "alice-65"); TestClient bob = TestClient.online(uri(), "bob-65")) {
            alice.send("{\"type\":\"join\",\"room\":\"r-65\"}");
            alice.send("{\"type\":\"join\",\"room\":\"r-65\"}");
            assertEquals(ack("join:ok", "r-65"), alice.next());
            assertEquals(ack("join:ok", "r-65"), alice.next());
            bob.send("{\"type\":\"join\",\"room\":\"r-65\"}");
            assertEquals(ack("join:ok", "r-65"), bob.next());
            alice.drain();
            bob.drain();
            bob.send(toRoom("r-65"));
            assertEquals(bob.address(), alice.next().getString("from"));
            alice.assertQuiet();
        }
    }

    // conformance T66
    @Test
    void otherUsersRoomsCannotBeJoinedNorTheOwnLeft() {
        try (TestClient bob = TestClient.online(uri(), "bob-66", "shared-66"); TestClient carol = TestClient.online(uri(), "carol-66", "shared-66")) {
            bob.drain();
            carol.drain();
            JsonObject refused = Json.createObjectBuilder().add("type", "error").add("status", 400).add("message", "Room not allowed").build();
            carol.send("{\"type\":\"join\",\"room\":\"bob-66\"}");
            assertEquals(refused, carol.next());
            bob.send("{\"type\":\"leave\",\"room\":\"bob-66\"}");
            assertEquals(refused, bob.next());
            carol.send(Json.createObjectBuilder().add("type", "message").add("to", "bob-66").build());
            assertEquals(carol.address(), bob.next().getString("from"));
            carol.assertQuiet();
        }
    }

    @Test
    void roomNamesOverTheLengthLimitAreRefused() {
        try (TestClient alice = TestClient.online(uri(), "alice-long")) {
            alice.send(Json.createObjectBuilder().add("type", "join").add("room", "r".repeat(257)).build());
            assertEquals(400, alice.next().getInt("status"));
        }
    }
}
