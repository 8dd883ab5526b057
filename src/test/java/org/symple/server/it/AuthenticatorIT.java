package org.symple.server.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.symple.server.it.support.Facade;
import org.symple.server.it.support.FacadeServlet;
import org.symple.server.it.support.ServerTest;
import org.symple.server.it.support.TestAuthenticator;
import org.symple.server.it.support.TestClient;
import org.symple.server.testing.Deployments;

/** An application Authenticator in the WAR, and the JS client's flow. */
class AuthenticatorIT extends ServerTest {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("authenticator", Map.of(), TestAuthenticator.class, FacadeServlet.class);
    }

    private static JsonObject error(String message) {
        return Json.createObjectBuilder().add("type", "error").add("status", 401).add("message", message).build();
    }

    private JsonObject rejectedWith(String hook) {
        try (TestClient client = TestClient.connect(uri())) {
            client.send(Json.createObjectBuilder().add("type", "auth").add("user", "alice").add("hook", hook).build());
            JsonObject answer = client.next();
            assertEquals(1008, client.awaitClose(Duration.ofSeconds(1)));
            return answer;
        }
    }

    // conformance T24
    @Test
    void aDenialSendsTheHooksMessageAndCloses() {
        assertEquals(error("Bad token"), rejectedWith("deny"));
    }

    // conformance T25
    @Test
    void aThrowingOrFailingHookSendsItsMessageAndCloses() {
        assertEquals(error("boom"), rejectedWith("throw"));
        assertEquals(error("async boom"), rejectedWith("fail"));
    }

    // conformance T26
    @Test
    void theHooksRoomsAreAdded() {
        try (TestClient client = TestClient.connect(uri())) {
            JsonObject welcome = client.welcome("alice-26", Json.createObjectBuilder()
                    .add("hookRooms", Json.createArrayBuilder().add("team-a-26")));
            assertEquals(Json.createArrayBuilder().add("alice-26").add("team-a-26").build(), welcome.getJsonArray("rooms"));
        }
    }

    @Test
    void theHookMayCanonicaliseTheUser() {
        try (TestClient client = TestClient.connect(uri())) {
            JsonObject welcome = client.welcome("mallory", Json.createObjectBuilder().add("hook", "rename"));
            assertEquals("canonical-mallory", welcome.getJsonObject("peer").getString("user"));
            assertEquals("Canonical", welcome.getJsonObject("peer").getString("name"));
            assertEquals("canonical-mallory", welcome.getJsonArray("rooms").getString(0));
        }
    }

    // conformance T30
    @Test
    void twoAuthFramesWhileTheFirstIsPendingGiveOneWelcome() {
        Facade facade = new Facade(base);
        int before = facade.peerCount();
        try (TestClient client = TestClient.connect(uri())) {
            String auth = "{\"type\":\"auth\",\"user\":\"alice-30\",\"hook\":\"delay\"}";
            client.send(auth);
            client.send(auth);
            assertEquals("welcome", client.next(Duration.ofSeconds(2)).getString("type"));
            await().atMost(Duration.ofSeconds(2)).until(() -> facade.peerCount() > before);
            client.assertQuiet();
            assertEquals(before + 1, facade.peerCount());
        }
    }

    // conformance T31
    @Test
    void aSocketClosedDuringAPendingAuthNeverBecomesAPeer() {
        Facade facade = new Facade(base);
        try (TestClient observer = TestClient.online(uri(), "observer-31", Json.createObjectBuilder()
                .add("hookRooms", Json.createArrayBuilder().add("lobby-31")))) {
            // the welcome leaves before the observer's rooms are registered
            await().atMost(Duration.ofSeconds(2)).until(() -> lobbyMembers(facade) == 1);
            TestClient ghost = TestClient.connect(uri());
            ghost.send("{\"type\":\"auth\",\"user\":\"ghost-31\",\"hook\":\"delay\",\"hookRooms\":[\"lobby-31\"]}");
            ghost.close();
            List<JsonObject> seen = new ArrayList<>();
            for (String text = observer.poll(Duration.ofMillis(600)); text != null; text = observer.poll(Duration.ofMillis(600))) {
                seen.add(TestClient.parse(text));
            }
            assertTrue(seen.isEmpty() || seen.size() == 2 && !seen.get(1).getJsonObject("data").getBoolean("online"),
                    seen::toString);
            // the pending auth has completed by now (300 ms delay, 600 ms of quiet): a ghost would still be there
            await().atMost(Duration.ofSeconds(2)).until(() -> lobbyMembers(facade) == 1);
        }
    }

    private static int lobbyMembers(Facade facade) {
        return Integer.parseInt(facade.call("room", "room", "lobby-31").trim());
    }

    // conformance T58
    @Test
    void jsClientsThatJoinLaterSeeEachOtherInTheirRosters() {
        try (TestClient alice = TestClient.jsStyle(uri(), "js-alice")) {
            await().atMost(Duration.ofSeconds(1)).until(alice::isOnline);
            try (TestClient bob = TestClient.jsStyle(uri(), "js-bob")) {
                await().atMost(Duration.ofSeconds(1)).until(() -> bob.roster().contains(alice.address())
                        && alice.roster().contains(bob.address()));
                bob.say("js-team", "hello");
                await().atMost(Duration.ofSeconds(1)).until(() -> alice.chat().contains("hello"));
            }
            await().atMost(Duration.ofSeconds(2)).until(() -> alice.roster().equals(Set.of(alice.address())));
        }
    }
}
