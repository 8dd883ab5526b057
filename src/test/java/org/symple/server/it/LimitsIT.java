package org.symple.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.symple.server.it.support.ServerTest;
import org.symple.server.it.support.TestClient;
import org.symple.server.testing.Deployments;

/** Frame size and rate limits, set small: 128-byte frames and 3 frames per 10 seconds. */
class LimitsIT extends ServerTest {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("limits", Map.of(
                "SYMPLE_MAX_MESSAGE_SIZE", "128", "SYMPLE_RATE_LIMIT", "3", "SYMPLE_RATE_SECONDS", "10"));
    }

    private static JsonObject error(int status, String message) {
        return Json.createObjectBuilder().add("type", "error").add("status", status).add("message", message).build();
    }

    private static String dm(TestClient to, int padding) {
        return "{\"type\":\"message\",\"to\":\"" + to.address() + "\",\"data\":\"" + "p".repeat(padding) + "\"}";
    }

    // conformance T75
    @Test
    void anOversizeMessageIsRefusedAndClosesTheSender() {
        try (TestClient bob = TestClient.online(uri(), "bob-75", "r-75"); TestClient alice = TestClient.online(uri(), "alice-75", "r-75")) {
            bob.drain();
            alice.drain();
            String big = dm(bob, 256 - dm(bob, 0).length());
            assertEquals(256, big.length());
            alice.send(big);
            assertEquals(error(413, "Message too large"), alice.next());
            assertEquals(1008, alice.awaitClose(Duration.ofSeconds(2)));
            JsonObject offline = bob.next();
            assertEquals("presence", offline.getString("type"));
            assertEquals(false, offline.getJsonObject("data").getBoolean("online"));
            bob.assertQuiet();
        }
    }

    // conformance T77
    @Test
    void anOversizeFirstFrameIsRefused() {
        try (TestClient client = TestClient.connect(uri())) {
            client.send("{\"type\":\"auth\",\"user\":\"" + "u".repeat(200) + "\"}");
            assertEquals(error(413, "Message too large"), client.next());
            assertEquals(1008, client.awaitClose(Duration.ofSeconds(2)));
        }
    }

    // conformance T78
    @Test
    void theFourthFrameInAWindowIsRefusedAndNotRouted() {
        try (TestClient bob = TestClient.online(uri(), "bob-78", "r-78"); TestClient alice = TestClient.online(uri(), "alice-78", "r-78")) {
            bob.drain();
            alice.drain();
            for (int i = 0; i < 4; i++) {
                alice.send(dm(bob, 1));
            }
            for (int i = 0; i < 3; i++) {
                assertEquals("message", bob.next().getString("type"));
            }
            assertEquals(error(429, "Rate limit exceeded"), alice.next());
            assertEquals(1008, alice.awaitClose(Duration.ofSeconds(2)));
            assertEquals("presence", bob.next().getString("type"));
            bob.assertQuiet();
        }
    }

    // conformance T80
    @Test
    void roomFramesCountAgainstTheRateToo() {
        try (TestClient alice = TestClient.online(uri(), "alice-80")) {
            alice.send("{\"type\":\"join\",\"room\":\"a-80\"}");
            alice.send("{\"type\":\"join\",\"room\":\"b-80\"}");
            alice.send("{\"type\":\"leave\",\"room\":\"a-80\"}");
            alice.send("{\"type\":\"join\",\"room\":\"c-80\"}");
            assertEquals("join:ok", alice.next().getString("type"));
            assertEquals("join:ok", alice.next().getString("type"));
            assertEquals("leave:ok", alice.next().getString("type"));
            assertEquals(error(429, "Rate limit exceeded"), alice.next());
            assertEquals(1008, alice.awaitClose(Duration.ofSeconds(2)));
        }
    }
}
