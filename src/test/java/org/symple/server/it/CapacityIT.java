package org.symple.server.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.symple.server.it.support.ServerProbe;
import org.symple.server.it.support.ServerTest;
import org.symple.server.it.support.TestClient;
import org.symple.server.testing.Deployments;

/** The connection limit with room for one connection: the next one is told 503 and closed, the first is unaffected. */
class CapacityIT extends ServerTest {

    private static final JsonObject AT_CAPACITY = Json.createObjectBuilder().add("type", "error").add("status", 503)
            .add("message", "Server at capacity").build();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("capacity", Map.of("SYMPLE_MAX_CONNECTIONS", "1"));
    }

    // conformance T81
    @Test
    void theConnectionOverTheLimitIsRefused() {
        try (TestClient alice = TestClient.online(uri(), "alice-81"); TestClient second = TestClient.connect(uri())) {
            assertEquals(AT_CAPACITY, second.next());
            assertEquals(1013, second.awaitClose(Duration.ofSeconds(2)));
            alice.send("{\"type\":\"join\",\"room\":\"still-here\"}");
            assertEquals("join:ok", alice.next().getString("type"));
            assertFalse(alice.isClosed());
        }
    }

    // conformance T82
    @Test
    void unauthenticatedSocketsCountAndClosingOneFreesItsPlace() {
        ServerProbe probe = new ServerProbe(base);
        await().atMost(Duration.ofSeconds(30)).until(() -> probe.count("connections") == 0); // the other test's sockets
        TestClient u = TestClient.connect(uri());
        // the handshake's answer leaves before the server has counted the socket: v must come after u is counted
        await().atMost(Duration.ofSeconds(30)).until(() -> probe.count("connections") == 1);
        try (u; TestClient v = TestClient.connect(uri())) {
            // the first frame the server sends after its start when this method runs first: a cold path, which a
            // loaded machine can take seconds to run the first time
            assertEquals(AT_CAPACITY, v.next(Duration.ofSeconds(30)));
            v.awaitClose(Duration.ofSeconds(2));
        }
        await().atMost(Duration.ofSeconds(5)).until(this::admitted);
    }

    /** Whether a new socket gets a welcome; a refused one is closed again. */
    private boolean admitted() {
        try (TestClient w = TestClient.connect(uri())) {
            try {
                w.send("{\"type\":\"auth\",\"user\":\"w-82\"}");
            } catch (RuntimeException refusedMeanwhile) {
                return false;
            }
            String text = w.poll(TestClient.RECEIVE);
            if (text == null) {
                return false;
            }
            JsonObject first = TestClient.parse(text);
            assertEquals("welcome".equals(first.getString("type")) ? first : AT_CAPACITY, first);
            return "welcome".equals(first.getString("type"));
        }
    }
}
