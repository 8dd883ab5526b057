package org.symple.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/**
 * A locked-down deployment: dynamic rooms off, origin enforcement and a proxy list that
 * does not include this client, whose forwarding headers are then ignored.
 */
class StaticRoomsIT extends ServerTest {

    private static final JsonObject DISABLED = Json.createObjectBuilder().add("type", "error").add("status", 400)
            .add("message", "Dynamic rooms disabled").build();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("static-rooms", Map.of("SYMPLE_DYNAMIC_ROOMS", " OFF ", "SYMPLE_ENFORCE_ORIGIN", "true",
                "SYMPLE_CORS_ORIGINS", "https://app.example", "SYMPLE_TRUSTED_PROXIES", "192.0.2.1"));
    }

    // conformance T61
    @Test
    void joinIsRefusedWithoutClosing() {
        try (TestClient alice = TestClient.online(uri(), "alice-61"); TestClient bob = TestClient.online(uri(), "bob-61")) {
            alice.send("{\"type\":\"join\",\"room\":\"r-61\"}");
            assertEquals(DISABLED, alice.next());
            alice.send("{\"type\":\"message\",\"to\":[\"r-61\"]}");
            bob.assertQuiet();
            assertFalse(alice.isClosed());
        }
    }

    // conformance T62
    @Test
    void leaveIsRefusedAndTheUserStaysReachable() {
        try (TestClient alice = TestClient.online(uri(), "alice-62", "team-62"); TestClient bob = TestClient.online(uri(), "bob-62", "team-62")) {
            alice.drain();
            bob.drain();
            alice.send("{\"type\":\"leave\",\"room\":\"alice-62\"}");
            assertEquals(DISABLED, alice.next());
            bob.send("{\"type\":\"message\",\"to\":\"alice-62\"}");
            assertEquals(bob.address(), alice.next().getString("from"));
        }
    }

    // conformance T83
    @Test
    void onlyAllowedOrMissingOriginsMayConnect() {
        assertEquals(403, TestClient.handshakeStatus(uri(), Map.of("Origin", "https://evil.example")));
        try (TestClient allowed = TestClient.connect(uri(), Map.of("Origin", "https://app.example"))) {
            allowed.welcome("allowed-83", Json.createObjectBuilder());
        }
        try (TestClient none = TestClient.connect(uri())) {
            none.welcome("none-83", Json.createObjectBuilder());
        }
    }

    @Test
    void forwardingHeadersFromUntrustedAddressesAreIgnored() throws Exception {
        try (TestClient client = TestClient.connect(uri(), Map.of("X-Real-IP", "203.0.113.9"))) {
            String host = client.welcome("proxy-test", Json.createObjectBuilder()).getJsonObject("peer").getString("host");
            assertTrue(InetAddress.getByName(host).isLoopbackAddress(), host);
        }
    }
}
