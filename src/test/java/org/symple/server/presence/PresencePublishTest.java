package org.symple.server.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.symple.server.cluster.RecordingBroker;
import org.symple.server.config.ContinuityConfig;
import org.symple.server.metrics.Metrics;
import org.symple.server.peers.Peer;
import org.symple.server.peers.PeerRegistry;
import org.symple.server.peers.RecordingSink;
import org.symple.server.protocol.FrameCodec;
import org.symple.server.protocol.OutgoingFrame;
import org.symple.server.rooms.RoomPolicy;
import org.symple.server.routing.Router;

/**
 * Presence a peer sends, with a real registry: alice (A) and bob (B) here and nina (N) on instance n2, all in room
 * team; eve (E) here alone.
 */
class PresencePublishTest {

    private final PeerRegistry registry = new PeerRegistry();
    private final RecordingBroker broker = new RecordingBroker();
    private final Map<String, RecordingSink> sinks = new HashMap<>();
    private final PresenceService presence = new PresenceService(registry, broker, new RoomPolicy(true, 256, 100),
            new Router(registry, broker, new Metrics()), new ContinuityConfig(120_000, 10_000, 0), System::currentTimeMillis);
    private Peer alice;

    @BeforeEach
    void peers() {
        alice = local("A", "alice", "team");
        local("B", "bob", "team");
        local("E", "eve");
        registry.add(Peer.remote("n2", FrameCodec.JSON.createObjectBuilder().add("id", "N").add("user", "nina").build(), 0),
                List.of("nina", "team"));
    }

    private Peer local(String id, String user, String... rooms) {
        RecordingSink sink = new RecordingSink();
        sinks.put(id, sink);
        Peer peer = new Peer(id, user, "Alice", Peer.DEFAULT_TYPE, null, null, sink);
        registry.add(peer, Stream.concat(Stream.of(user), Stream.of(rooms)).toList());
        return peer;
    }

    private static JsonObject json(String text) {
        return FrameCodec.parseObject(text).orElseThrow();
    }

    private List<JsonObject> received(String id) {
        return sinks.get(id).objects();
    }

    @Test
    void presenceIsCanonicalisedAndTheBrokerHearsOnlyWhenTheRememberedPresenceChanged() {
        String away = "{\"type\":\"presence\",\"data\":{\"id\":\"X\",\"user\":\"mallory\",\"token\":\"t\",\"status\":\"away\"}}";

        presence.publish(alice, json(away));
        presence.publish(alice, json(away));
        presence.publish(alice, json("{\"type\":\"presence\",\"data\":{\"status\":\"busy\"}}"));

        JsonObject first = received("B").get(0);
        assertEquals("alice|A", first.getString("from"));
        JsonObject data = first.getJsonObject("data");
        assertEquals("A", data.getString("id"));
        assertEquals("alice", data.getString("user"));
        assertEquals("away", data.getString("status"));
        assertTrue(data.getBoolean("online"));
        assertFalse(data.containsKey("token"));
        assertEquals(3, received("B").size());
        assertEquals(List.of("updated A", "updated A"), broker.calls().stream().filter(c -> c.startsWith("updated")).toList());
        assertEquals("busy", alice.toJson(true).getString("status"), "the latest extras are remembered for snapshots");
    }

    @Test
    void presenceWithoutRecipientsIsStillRemembered() {
        Peer eve = registry.getOrNull("E");
        presence.publish(eve, json("{\"type\":\"presence\",\"data\":{\"status\":\"away\"}}"));

        assertEquals(List.of("updated E"), broker.calls());
        assertEquals("away", eve.toJson(true).getString("status"));
    }

    @Test
    void aPeersPresenceIsKeyedForCoalescingAndForwardedWithTheKey() {
        presence.publish(alice, json("{\"type\":\"presence\",\"data\":{}}"));

        OutgoingFrame frame = sinks.get("B").frames().get(0);
        assertEquals("alice|A", frame.coalesceKey());
        assertEquals(1, broker.forwards().size());
        broker.forwards().forEach(forward -> assertEquals("alice|A", forward.frame().coalesceKey()));
    }


    @Test
    void clientPresenceIsCanonicalisedToTheSendersIdentity() {
        JsonObject forged = Json.createObjectBuilder().add("id", "FORGED").add("user", "FORGED").add("online", false)
                .add("name", "X").add("type", "t").add("status", "away").add("token", "tok-zzz").build();
        JsonObject data = PresenceService.canonical(alice, forged);
        assertEquals("A", data.getString("id"));
        assertEquals("alice", data.getString("user"));
        assertTrue(data.getBoolean("online"));
        assertEquals("Alice", data.getString("name"));
        assertNotEquals("t", data.getString("type"));
        assertEquals("away", data.getString("status"));
        assertFalse(data.containsKey("token"));
    }

    @Test
    void nonObjectPresenceDataBecomesTheSendersIdentity() {
        JsonObject data = PresenceService.canonical(alice, Json.createValue("x"));
        assertEquals(Set.of("id", "user", "online", "name", "type"), data.keySet());
    }
}
