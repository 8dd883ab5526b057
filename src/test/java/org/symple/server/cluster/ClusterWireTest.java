package org.symple.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterWireTest {

    private static final JsonObject PEER = Json.createObjectBuilder().add("id", "A").add("user", "alice")
            .add("name", "Alice").add("online", true).add("type", "Peer").build();

    @Test
    void eventsRoundTrip() {
        ClusterWire.Event online = ClusterWire.event(ClusterWire.online("n1", PEER, List.of("alice", "team"))).orElseThrow();
        assertEquals(new ClusterWire.Event(ClusterWire.Kind.ONLINE, "n1", "A", PEER, List.of("alice", "team")), online);
        assertEquals(ClusterWire.Kind.OFFLINE, ClusterWire.event(ClusterWire.offline("n1", "A")).orElseThrow().kind());
        assertEquals(List.of("x"), ClusterWire.event(ClusterWire.rooms("n1", "A", List.of("x"))).orElseThrow().rooms());
        assertEquals(PEER, ClusterWire.event(ClusterWire.update("n1", PEER)).orElseThrow().peer());
    }

    @Test
    void malformedEventsAreIgnored() {
        for (String text : List.of("x", "null", "{}", "{\"e\":\"online\",\"node\":\"n\",\"id\":\"A\"}",
                "{\"e\":\"boom\",\"node\":\"n\",\"id\":\"A\"}",
                "{\"e\":\"online\",\"node\":\"n\",\"id\":\"B\",\"peer\":{\"id\":\"A\",\"user\":\"u\"}}")) {
            assertTrue(ClusterWire.event(text).isEmpty(), text);
        }
    }

    @Test
    void envelopesCarryTheRecipientsAndTheFrameVerbatim() {
        String frame = "{\"type\":\"message\",\"data\":\"a\\\"b\\u2028\"}";
        ClusterWire.Envelope envelope = ClusterWire.envelope(ClusterWire.envelope(List.of("A", "B"), frame)).orElseThrow();
        assertEquals(List.of("A", "B"), envelope.recipients());
        assertEquals(frame, envelope.text());
        assertTrue(ClusterWire.envelope("{\"r\":[\"A\"]}").isEmpty());
    }
}
