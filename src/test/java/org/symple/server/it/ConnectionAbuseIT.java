package org.symple.server.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.symple.server.it.support.RawWebSocket;
import org.symple.server.it.support.ServerProbe;
import org.symple.server.it.support.ServerTest;
import org.symple.server.it.support.TestClient;
import org.symple.server.testing.Deployments;

/**
 * Sockets that never authenticate: they count against the connection limit and are closed at the (here 1 s)
 * authentication deadline; one socket gets one authentication attempt, however the attempts are pipelined.
 */
class ConnectionAbuseIT extends ServerTest {

    private static final int LIMIT = 20;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("abuse", Map.of("SYMPLE_AUTH_TIMEOUT", "1", "SYMPLE_MAX_CONNECTIONS", String.valueOf(LIMIT)));
    }

    private static JsonObject error(int status, String message) {
        return Json.createObjectBuilder().add("type", "error").add("status", status).add("message", message).build();
    }

    @Test
    void unauthenticatedSocketsFillTheLimitAndAreClosedAtTheDeadline() {
        ServerProbe probe = new ServerProbe(base);
        await().atMost(Duration.ofSeconds(5)).until(() -> probe.count("connections") == 0);
        List<TestClient> idle = new ArrayList<>();
        try {
            for (int i = 0; i < LIMIT; i++) {
                idle.add(TestClient.connect(uri()));
            }
            await().atMost(Duration.ofSeconds(2)).until(() -> probe.count("connections") == LIMIT);
            try (TestClient over = TestClient.connect(uri())) {
                assertEquals(error(503, "Server at capacity"), over.next());
                assertEquals(1013, over.awaitClose(Duration.ofSeconds(2)));
            }
            long start = System.nanoTime();
            for (TestClient client : idle) {
                assertEquals(error(408, "Authentication timeout"), client.next(Duration.ofSeconds(3)));
                assertEquals(1008, client.awaitClose(Duration.ofSeconds(5)));
            }
            // all at the deadline, not one after another (20 sequential closes would take far longer on a loaded machine)
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(seconds < 5, "deadline closes took " + seconds + " s");
            await().atMost(Duration.ofSeconds(5)).until(() -> probe.count("connections") == 0);
            assertTrue(probe.count("authTimeouts") >= LIMIT);
            assertTrue(probe.count("connectionsRefused") >= 1);
        } finally {
            idle.forEach(TestClient::close);
        }
        try (TestClient late = TestClient.online(uri(), "late-abuse")) {
            assertEquals(1, new ServerProbe(base).count("peers"));
            late.assertQuiet();
        }
    }

    @Test
    void aFailedAuthenticationCannotBeRetriedOnTheSameSocket() {
        for (String first : List.of("{\"type\":\"auth\",\"user\":\"\"}", "{\"type\":\"message\"}")) {
            try (RawWebSocket client = RawWebSocket.connect(uri())) {
                // the retry is already on its way when the server answers the first attempt
                client.sendTogether(first, "{\"type\":\"auth\",\"user\":\"retry-abuse\"}",
                        "{\"type\":\"auth\",\"user\":\"retry-abuse-2\"}");
                JsonObject error = TestClient.parse(client.nextText(Duration.ofSeconds(2)));
                assertEquals(401, error.getInt("status"), error::toString);
                assertNull(client.nextText(Duration.ofSeconds(2)), "a retry was answered");
                assertEquals(1008, client.closeCode());
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> new ServerProbe(base).count("connections") == 0);
        assertEquals(0, new ServerProbe(base).count("peers"));
    }
}
