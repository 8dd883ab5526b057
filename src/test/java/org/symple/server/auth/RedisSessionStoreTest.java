package org.symple.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RedisSessionStoreTest {

    private static String failure(String raw) {
        return assertThrows(AuthFailure.class, () -> RedisSessionStore.parse(raw)).getMessage();
    }

    @Test
    void anObjectIsASession() {
        assertEquals("alice", RedisSessionStore.parse("{\"user\":\"alice\",\"rooms\":[\"team-a\"]}").getString("user"));
    }

    @Test
    void aMissingKeyIsNoSession() {
        assertEquals("Authentication failed: No session", failure(null));
    }

    @Test
    void jsonOtherThanAnObjectIsRejected() {
        for (String raw : new String[] {"\"str\"", "[1]", "null", "42", "true"}) {
            assertEquals("Authentication failed: Session must be an object", failure(raw), raw);
        }
    }

    @Test
    void textThatIsNotJsonIsARedisErrorThatDoesNotQuoteTheValue() {
        for (String raw : new String[] {"{bad", "", "secret-value"}) {
            String message = failure(raw);
            assertTrue(message.startsWith("Authentication failed: Redis error:"), message);
            assertTrue(raw.isEmpty() || !message.contains(raw), message);
        }
    }
}
