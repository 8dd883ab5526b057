package org.symple.server.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.symple.server.it.support.Facade;
import org.symple.server.it.support.FacadeServlet;
import org.symple.server.it.support.RedisFixture;
import org.symple.server.it.support.ServerTest;
import org.symple.server.it.support.TestAuthenticator;
import org.symple.server.it.support.TestClient;
import org.symple.server.it.support.UserRoomTakeover;
import org.symple.server.testing.Deployments;

/**
 * Token mode against a real Redis. Sessions live 1 minute
 * (SYMPLE_SESSION_TTL=1) and are refreshed every second (SYMPLE_SESSION_REFRESH_SECONDS=1) so that refreshing
 * can be watched quickly. The test authenticator is present, to show that it runs after the session lookup.
 */
class TokenAuthIT extends ServerTest {

    private static final String KEY = "symple:session:";
    private static RedisFixture redis;

    @Deployment(testable = false)
    static WebArchive deployment() {
        redis = RedisFixture.start();
        return Deployments.war("token", Map.of(
                "SYMPLE_AUTHENTICATION", "true",
                "SYMPLE_REDIS_URL", redis.url(),
                "SYMPLE_SESSION_TTL", "1",
                "SYMPLE_SESSION_REFRESH_SECONDS", "1"), TestAuthenticator.class, FacadeServlet.class);
    }

    private static String token() {
        return "tok-" + UUID.randomUUID();
    }

    private static String unique(String base) {
        return base + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static JsonObject error(String message) {
        return Json.createObjectBuilder().add("type", "error").add("status", 401).add("message", message).build();
    }

    private static JsonObjectBuilder auth(String user, String token) {
        JsonObjectBuilder frame = Json.createObjectBuilder().add("type", "auth").add("user", user);
        return token == null ? frame : frame.add("token", token);
    }

    /** Sends the auth frame and returns the answer, which must be an error followed by a close. */
    private JsonObject rejected(JsonObjectBuilder frame) {
        try (TestClient client = TestClient.connect(uri())) {
            client.send(frame.build());
            JsonObject answer = client.next(Duration.ofSeconds(5));
            assertEquals(1008, client.awaitClose(Duration.ofSeconds(2)), "closed after " + answer);
            return answer;
        }
    }

    private static Set<String> rooms(JsonObject welcome) {
        return welcome.getJsonArray("rooms").getValuesAs(JsonString.class).stream()
                .map(JsonString::getString).collect(Collectors.toSet());
    }

    /** Connects a peer of a fresh session for {@code user} with the session rooms {@code rooms}. */
    private TestClient withSession(String user, String... rooms) {
        String token = token();
        redis.set(KEY + token, Json.createObjectBuilder().add("user", user)
                .add("rooms", Json.createArrayBuilder(java.util.List.of(rooms))).build().toString(), 600);
        TestClient client = TestClient.connect(uri());
        client.welcome(user, Json.createObjectBuilder().add("token", token));
        return client;
    }

    @Test
    void aUsersRoomTakenWhileTheUserWasOfflineGivesTheSquattersNothing() {
        UserRoomTakeover.assertNothingReachesSquatters(unique("tok"), this::withSession, this::withSession, this::withSession);
    }

    // conformance T16
    @Test
    void aMissingOrEmptyTokenIsRefused() {
        assertEquals(error("Authentication failed: Missing token"), rejected(auth("alice", null)));
        assertEquals(error("Authentication failed: Missing token"), rejected(auth("alice", "")));
    }

    // conformance T17
    @Test
    void anUnknownTokenIsRefusedForHavingNoSession() {
        assertEquals(error("Authentication failed: No session"), rejected(auth("alice", token())));
    }

    // conformance T18
    @Test
    void aSessionThatIsNotAnObjectIsRefused() {
        for (String value : new String[] {"\"str\"", "[1]", "null"}) {
            String token = token();
            redis.set(KEY + token, value, 600);
            assertEquals(error("Authentication failed: Session must be an object"), rejected(auth("alice", token)), value);
        }
    }

    // conformance T19
    @Test
    void aSessionThatIsNotJsonIsRefusedAsARedisError() {
        String token = token();
        redis.set(KEY + token, "{bad", 600);
        JsonObject answer = rejected(auth("alice", token));
        assertEquals(401, answer.getInt("status"));
        assertTrue(answer.getString("message").startsWith("Authentication failed: Redis error:"), answer::toString);
    }

    @Test
    void aSessionUserThatIsNotANonEmptyStringIsAnInvalidSession() {
        for (String value : new String[] {"{\"user\":42}", "{\"user\":\"\"}", "{\"user\":null}"}) {
            String token = token();
            redis.set(KEY + token, value, 600);
            assertEquals(error("Invalid peer session"), rejected(auth("alice", token)), value);
        }
    }

    // conformance T20
    @Test
    void theSessionGivesUserNameAndRoomsAndTheTokenNeverLeavesTheServer() {
        String user = unique("alice");
        String room = unique("team-a");
        String token = token();
        redis.set(KEY + token, "{\"user\":\"" + user + "\",\"name\":\"Alice A\",\"rooms\":[\"" + room + "\"]}", 600);
        try (TestClient bob = bobIn(room); TestClient alice = TestClient.connect(uri())) {
            alice.send(auth(user, token).add("name", "Ignored").build());
            String welcomeText = alice.nextText(Duration.ofSeconds(2));
            JsonObject welcome = TestClient.parse(welcomeText);
            assertEquals("welcome", welcome.getString("type"));
            assertEquals(user, welcome.getJsonObject("peer").getString("user"));
            assertEquals("Alice A", welcome.getJsonObject("peer").getString("name"));
            assertEquals(Set.of(user, room), rooms(welcome));
            assertEquals(user, welcome.getJsonArray("rooms").getString(0));
            assertFalse(welcomeText.contains(token), welcomeText);
            String presence = bob.nextText();
            assertEquals("presence", TestClient.parse(presence).getString("type"));
            assertFalse(presence.contains(token), presence);
        }
    }

    // conformance T21
    @Test
    void theSessionUserIsTheIdentityNotTheClaimedOne() {
        String user = unique("alice");
        String claimed = unique("mallory");
        String room = unique("team-a");
        String token = token();
        redis.set(KEY + token, "{\"user\":\"" + user + "\",\"rooms\":[\"" + room + "\"]}", 600);
        try (TestClient bob = bobIn(room); TestClient alice = TestClient.connect(uri())) {
            JsonObject welcome = alice.welcome(claimed, Json.createObjectBuilder().add("token", token));
            assertEquals(user, welcome.getJsonObject("peer").getString("user"));
            assertTrue(rooms(welcome).contains(user));
            assertFalse(rooms(welcome).contains(claimed));
            alice.drain();
            bob.drain();
            bob.send(Json.createObjectBuilder().add("type", "message").add("to", claimed).add("data", 1).build());
            alice.assertQuiet();
            bob.send(Json.createObjectBuilder().add("type", "message").add("to", user).add("data", 2).build());
            assertEquals(2, alice.next().getInt("data"));
        }
    }

    // conformance T22
    @Test
    void theAuthFramesRoomsAreIgnoredInTokenMode() {
        String user = unique("alice");
        String token = token();
        redis.set(KEY + token, "{\"user\":\"" + user + "\"}", 600);
        try (TestClient alice = TestClient.connect(uri())) {
            JsonObject welcome = alice.welcome(user, Json.createObjectBuilder().add("token", token)
                    .add("rooms", Json.createArrayBuilder().add("secret")));
            assertEquals(Json.createArrayBuilder().add(user).build(), welcome.getJsonArray("rooms"));
        }
    }

    @Test
    void withoutASessionUserTheClaimedUserAndTheAuthNameAreUsed() {
        String user = unique("carol");
        String token = token();
        redis.set(KEY + token, "{\"rooms\":[\"r1\"]}", 600);
        try (TestClient carol = TestClient.connect(uri())) {
            JsonObject welcome = carol.welcome(user, Json.createObjectBuilder().add("token", token).add("name", "Carol"));
            assertEquals(user, welcome.getJsonObject("peer").getString("user"));
            assertEquals("Carol", welcome.getJsonObject("peer").getString("name"));
            assertEquals(Set.of(user, "r1"), rooms(welcome));
        }
    }

    @Test
    void theHookRunsAfterTheLookupWithTheSessionsIdentityAndAddsRooms() {
        String user = unique("alice");
        String token = token();
        redis.set(KEY + token, "{\"user\":\"" + user + "\",\"rooms\":[\"from-session\"]}", 600);
        try (TestClient alice = TestClient.connect(uri())) {
            JsonObject welcome = alice.welcome("mallory", Json.createObjectBuilder().add("token", token)
                    .add("hookRooms", Json.createArrayBuilder().add("from-hook")));
            assertEquals(Set.of(user, "from-session", "from-hook"), rooms(welcome));
        }
        try (TestClient renamed = TestClient.connect(uri())) {
            JsonObject welcome = renamed.welcome("mallory", Json.createObjectBuilder().add("token", token).add("hook", "rename"));
            assertEquals("canonical-" + user, welcome.getJsonObject("peer").getString("user"));
        }
        assertEquals(error("Bad token"), rejected(auth("mallory", token).add("hook", "deny")));
    }

    // conformance T28
    @Test
    void aSuccessfulAuthenticationSetsTheSessionExpiryToTheTtl() {
        String token = token();
        redis.set(KEY + token, "{\"user\":\"" + unique("alice") + "\"}", 600);
        try (TestClient alice = TestClient.connect(uri())) {
            alice.welcome("alice", Json.createObjectBuilder().add("token", token));
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50)).until(() -> {
                long ttl = redis.ttl(KEY + token);
                return ttl >= 1 && ttl <= 60;
            });
        }
    }

    // conformance T29
    @Test
    void theExpiryIsRefreshedWhileAPeerOfTheTokenIsConnectedAndNotAfterwards() {
        Facade facade = new Facade(base);
        String token = token();
        String key = KEY + token;
        redis.set(key, "{\"user\":\"" + unique("alice") + "\"}", 60);
        int before = facade.peerCount();
        TestClient first = TestClient.connect(uri());
        TestClient second = TestClient.connect(uri());
        try {
            first.welcome("alice", Json.createObjectBuilder().add("token", token));
            second.welcome("alice", Json.createObjectBuilder().add("token", token));
            assertRefreshed(key);

            first.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> facade.peerCount() == before + 1);
            assertRefreshed(key); // the second peer of the token keeps it alive

            second.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> facade.peerCount() == before);
            redis.expire(key, 20);
            // three refresh intervals without a refresh, and the key is still there (never deleted)
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> {
                long ttl = redis.ttl(key);
                return ttl > 0 && ttl <= 20;
            });
        } finally {
            first.close();
            second.close();
        }
    }

    /** Shortens the key's lifetime and waits for the server to push it back to about the TTL. */
    private static void assertRefreshed(String key) {
        redis.expire(key, 20);
        await().atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(100)).until(() -> redis.ttl(key) > 40);
    }

    /** Bob (own session, in {@code room}) online, backlog drained. */
    private TestClient bobIn(String room) {
        String token = token();
        redis.set(KEY + token, "{\"user\":\"" + unique("bob") + "\",\"rooms\":[\"" + room + "\"]}", 600);
        TestClient bob = TestClient.connect(uri());
        bob.welcome("bob", Json.createObjectBuilder().add("token", token));
        bob.drain();
        return bob;
    }
}
