package org.symple.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.symple.server.it.support.ServerTest;
import org.symple.server.it.support.Teams;
import org.symple.server.it.support.TestClient;
import org.symple.server.testing.Deployments;

/** Connection life cycle, authentication errors and the welcome, with default settings. */
class LifecycleIT extends ServerTest {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("lifecycle", Map.of());
    }

    private static JsonObject error(int status, String message) {
        return Json.createObjectBuilder().add("type", "error").add("status", status).add("message", message).build();
    }

    // conformance T01
    @Test
    void welcomeIsTheOnlyFrameAndDescribesThePeer() {
        try (TestClient client = TestClient.connect(uri())) {
            client.send("{\"type\":\"auth\",\"user\":\"alice-01\",\"name\":\"Alice\"}");
            JsonObject welcome = client.next();
            assertEquals("welcome", welcome.getString("type"));
            assertEquals("symple/4", welcome.getString("protocol"));
            assertEquals(200, welcome.getInt("status"));
            JsonObject peer = welcome.getJsonObject("peer");
            assertFalse(peer.getString("id").isEmpty());
            assertFalse(peer.getString("id").contains("|"));
            assertEquals("alice-01", peer.getString("user"));
            assertEquals("Alice", peer.getString("name"));
            assertTrue(peer.getBoolean("online"));
            assertFalse(peer.getString("host").isEmpty());
            assertEquals(Json.createArrayBuilder().add("alice-01").build(), welcome.getJsonArray("rooms"));
            client.assertQuiet();
        }
    }

    // conformance T02
    @Test
    void aMissingOrEmptyNameBecomesTheUser() {
        try (TestClient bob = TestClient.connect(uri()); TestClient carol = TestClient.connect(uri())) {
            assertEquals("bob-02", bob.welcome("bob-02", Json.createObjectBuilder()).getJsonObject("peer").getString("name"));
            assertEquals("carol-02", carol.welcome("carol-02", Json.createObjectBuilder().add("name", ""))
                    .getJsonObject("peer").getString("name"));
        }
    }

    // conformance T03
    @Test
    void aSocketThatDoesNotAuthenticateGets408AfterTenSeconds() {
        try (TestClient client = TestClient.connect(uri())) {
            long start = System.nanoTime();
            assertEquals(error(408, "Authentication timeout"), client.next(Duration.ofSeconds(12)));
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(elapsedMillis >= 9_000 && elapsedMillis <= 11_000, "timeout after " + elapsedMillis + " ms");
            assertEquals(1008, client.awaitClose(Duration.ofSeconds(2)));
        }
    }

    // conformance T04, T05
    @Test
    void aFirstFrameOtherThanAuthGets401AndIsClosed() {
        for (String first : List.of("{\"type\":\"message\",\"data\":{}}", "{\"user\":\"x\"}")) {
            try (TestClient client = TestClient.connect(uri())) {
                client.send(first);
                assertEquals(error(401, "Not authenticated"), client.next());
                assertEquals(1008, client.awaitClose(Duration.ofSeconds(2)));
            }
        }
    }

    // conformance T06
    @Test
    void invalidJsonIsIgnoredBeforeAuth() {
        try (TestClient client = TestClient.connect(uri())) {
            client.send("hello{");
            client.assertQuiet();
            assertFalse(client.isClosed());
            client.welcome("alice-06", Json.createObjectBuilder());
        }
    }

    // conformance T07
    @Test
    void nonObjectJsonIsIgnoredBeforeAndAfterAuthAndTheServerLives() {
        List<String> frames = List.of("null", "42", "\"s\"", "[]");
        try (TestClient x = TestClient.connect(uri()); TestClient y = TestClient.online(uri(), "y")) {
            for (String frame : frames) {
                x.send(frame);
                y.send(frame);
            }
            x.assertQuiet();
            y.assertQuiet();
            assertFalse(x.isClosed());
            assertFalse(y.isClosed());
            try (TestClient z = TestClient.online(uri(), "z")) {
                assertFalse(z.id().isEmpty());
            }
        }
    }

    // conformance T08
    @Test
    void authWithoutUserIsRejectedAndClosed() {
        try (TestClient client = TestClient.connect(uri())) {
            client.send("{\"type\":\"auth\"}");
            assertEquals(error(401, "Missing user field"), client.next());
            assertEquals(1008, client.awaitClose(Duration.ofSeconds(1)));
        }
    }

    // conformance T09
    @Test
    void anEmptyOrNonStringUserIsRejected() {
        for (String auth : List.of("{\"type\":\"auth\",\"user\":\"\"}", "{\"type\":\"auth\",\"user\":42}")) {
            try (TestClient client = TestClient.connect(uri())) {
                client.send(auth);
                assertEquals(error(401, "Missing user field"), client.next());
                assertEquals(1008, client.awaitClose(Duration.ofSeconds(1)));
            }
        }
    }

    @Test
    void aUserWithABarIsRejected() {
        try (TestClient client = TestClient.connect(uri())) {
            client.send("{\"type\":\"auth\",\"user\":\"a|b\"}");
            assertEquals(error(401, "Invalid user field"), client.next());
            assertEquals(1008, client.awaitClose(Duration.ofSeconds(1)));
        }
    }

    // conformance T10
    @Test
    void aSecondAuthIsIgnored() {
        try (Teams t = new Teams(uri())) {
            t.alice.send("{\"type\":\"auth\",\"user\":\"mallory\"}");
            t.alice.assertQuiet();
            t.bob.send(Json.createObjectBuilder().add("type", "message").add("to", t.alice.address()).build());
            assertEquals(t.bob.address(), t.alice.next().getString("from"));
        }
    }

    // conformance T11
    @Test
    void unknownTypesAreIgnored() {
        try (TestClient client = TestClient.online(uri(), "alice-11")) {
            client.send("{\"type\":\"foo\"}");
            client.send("{\"x\":1}");
            client.assertQuiet();
            assertFalse(client.isClosed());
        }
    }

    // conformance T12
    @Test
    void aCloseFrameClosesAndCoMembersHearOnce() {
        try (Teams t = new Teams(uri())) {
            String aliceAddress = t.alice.address();
            t.alice.send("{\"type\":\"close\"}");
            assertEquals(1000, t.alice.awaitClose(Duration.ofSeconds(2)));
            JsonObject offline = t.bob.next();
            assertEquals("presence", offline.getString("type"));
            assertEquals(aliceAddress, offline.getString("from"));
            assertFalse(offline.getJsonObject("data").getBoolean("online"));
            t.bob.assertQuiet();
            t.eve.assertQuiet();
        }
    }

    // conformance T13
    @Test
    void pingsAreAnswered() {
        try (TestClient client = TestClient.online(uri(), "alice-13")) {
            client.ping("p");
            assertEquals("p", StandardCharsets.UTF_8.decode(client.nextPong()).toString());
        }
    }

    @Test
    void binaryFramesCarryingJsonAreAcceptedAndOthersIgnored() {
        try (TestClient client = TestClient.connect(uri())) {
            client.sendBinary(new byte[] {(byte) 0xff, (byte) 0xfe, 0});
            client.assertQuiet();
            client.sendBinary("{\"type\":\"auth\",\"user\":\"bin\"}".getBytes(StandardCharsets.UTF_8));
            assertEquals("welcome", client.next().getString("type"));
        }
    }

    // conformance T34
    @Test
    void sessionIdsAreDistinctLongAndBarFree() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            try (TestClient client = TestClient.online(uri(), "u" + i)) {
                assertTrue(client.id().length() >= 16);
                assertFalse(client.id().contains("|"));
                ids.add(client.id());
            }
        }
        assertEquals(200, ids.size());
    }
}
