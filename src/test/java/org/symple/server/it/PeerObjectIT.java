package org.symple.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.InetAddress;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.symple.server.it.support.ServerTest;
import org.symple.server.it.support.TestClient;
import org.symple.server.testing.Deployments;

/** The peer object in the welcome and in presence, the client address and the first frames. */
class PeerObjectIT extends ServerTest {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("peer-object", Map.of());
    }

    // conformance T32
    @Test
    void reservedFieldsAndTokensNeverReachThePeerObject() {
        try (TestClient bob = TestClient.online(uri(), "bob-32", "team-32"); TestClient alice = TestClient.connect(uri())) {
            bob.drain();
            alice.send("{\"type\":\"auth\",\"user\":\"alice-32\",\"token\":\"tok-abcdef\",\"rooms\":[\"team-32\"],"
                    + "\"data\":{\"peerType\":\"bot\",\"status\":\"busy\",\"id\":\"x\",\"user\":\"y\",\"online\":false,"
                    + "\"type\":\"t\",\"token\":\"tok-ghijkl\"}}");
            String welcomeText = alice.nextText();
            JsonObject peer = TestClient.parse(welcomeText).getJsonObject("peer");
            assertNotEquals("x", peer.getString("id"));
            assertEquals("alice-32", peer.getString("user"));
            assertTrue(peer.getBoolean("online"));
            assertEquals("bot", peer.getString("peerType"));
            assertEquals("busy", peer.getString("status"));
            assertNotEquals("auth", peer.getString("type"));
            assertNotEquals("t", peer.getString("type"));
            assertFalse(peer.containsKey("token"));
            String presenceText = bob.nextText();
            for (String text : new String[] {welcomeText, presenceText}) {
                assertFalse(text.contains("tok-abcdef"), text);
                assertFalse(text.contains("tok-ghijkl"), text);
            }
        }
    }

    // conformance T33
    @Test
    void theHostComesFromProxyHeadersOfTrustedProxiesOrTheSocket() throws Exception {
        assertEquals("203.0.113.9", hostWith(Map.of("X-Real-IP", "203.0.113.9")));
        assertEquals("198.51.100.7", hostWith(Map.of("X-Forwarded-For", "198.51.100.7, 10.0.0.1")));
        assertTrue(InetAddress.getByName(hostWith(Map.of())).isLoopbackAddress());
    }

    private String hostWith(Map<String, String> headers) {
        try (TestClient client = TestClient.connect(uri(), headers)) {
            return client.welcome("host-33", Json.createObjectBuilder()).getJsonObject("peer").getString("host");
        }
    }

    // conformance T35
    @Test
    void theWelcomeComesFirstThenTheSnapshot() {
        try (TestClient bob = TestClient.online(uri(), "bob-35", "team-35"); TestClient alice = TestClient.connect(uri())) {
            alice.send("{\"type\":\"auth\",\"user\":\"alice-35\",\"rooms\":[\"team-35\"]}");
            assertEquals("welcome", alice.next().getString("type"));
            JsonObject snapshot = alice.next();
            assertEquals("presence", snapshot.getString("type"));
            assertEquals(bob.address(), snapshot.getString("from"));
        }
    }

    // conformance T23
    @Test
    void nonStringAndEmptyAuthRoomsAreSkipped() {
        try (TestClient alice = TestClient.connect(uri())) {
            alice.send("{\"type\":\"auth\",\"user\":\"alice-23\",\"rooms\":[\"x-23\",\"\",5,\"y-23\"]}");
            assertEquals(Json.createArrayBuilder().add("alice-23").add("x-23").add("y-23").build(),
                    alice.next().getJsonArray("rooms"));
        }
    }
}
