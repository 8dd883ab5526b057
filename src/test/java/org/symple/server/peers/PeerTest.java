package org.symple.server.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.symple.server.protocol.OutgoingFrame;

class PeerTest {

    private static final JsonObject AUTH_DATA = Json.createObjectBuilder().add("peerType", "bot").add("status", "busy")
            .add("id", "x").add("user", "y").add("online", false).add("type", "t").add("token", "tok-ghijkl")
            .add("rooms", Json.createArrayBuilder().add("secret")).add("host", "1.2.3.4").build();

    private final Peer peer = new Peer("A", "alice", "Alice", Peer.DEFAULT_TYPE, "127.0.0.1", AUTH_DATA, frame -> { });

    @Test
    void thePublicPeerCopiesExtrasButNeverIdentityTokenOrRooms() {
        JsonObject json = peer.toJson(true);
        assertEquals("A", json.getString("id"));
        assertEquals("alice", json.getString("user"));
        assertEquals("Alice", json.getString("name"));
        assertTrue(json.getBoolean("online"));
        assertEquals("Peer", json.getString("type"));
        assertEquals("127.0.0.1", json.getString("host"));
        assertEquals("bot", json.getString("peerType"));
        assertEquals("busy", json.getString("status"));
        assertFalse(json.containsKey("token"));
        assertFalse(json.containsKey("rooms"));
        assertFalse(peer.toJson(false).getBoolean("online"));
    }

    @Test
    void sessionIdsAreLongRandomAndBarFree() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = PeerIds.next();
            assertTrue(id.length() >= 16);
            assertFalse(id.contains("|"));
            ids.add(id);
        }
        assertEquals(1000, ids.size());
    }

    @Test
    void theOnlinePresenceFrameIsBuiltOncePerStateOfTheRememberedPresence() {
        OutgoingFrame first = peer.presenceFrame(true);
        assertSame(first, peer.presenceFrame(true));
        assertEquals("alice|A", first.object().getString("from"));
        assertEquals("busy", first.object().getJsonObject("data").getString("status"));
        assertTrue(peer.rememberPresence(Json.createObjectBuilder().add("status", "away").build()));
        OutgoingFrame changed = peer.presenceFrame(true);
        assertNotSame(first, changed);
        assertEquals("away", changed.object().getJsonObject("data").getString("status"));
        assertFalse(peer.presenceFrame(false).object().getJsonObject("data").getBoolean("online"));
        assertEquals("alice|A", changed.coalesceKey());
    }
}
