package org.symple.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.symple.server.peers.Departure;
import org.symple.server.protocol.OutgoingFrame;

class ClusterWireTest {

    private static final JsonObject PEER = Json.createObjectBuilder().add("id", "A").add("user", "alice")
            .add("name", "Alice").add("online", true).add("type", "Peer").build();

    @Test
    void eventsRoundTrip() {
        ClusterWire.Event online = ClusterWire.event(
                ClusterWire.online("n1", PEER, List.of("alice", "team"), Set.of(), 1234, false)).orElseThrow();
        assertEquals(new ClusterWire.Event(ClusterWire.Kind.ONLINE, "n1", "A", PEER, List.of("alice", "team"), 1234, null,
                false, Set.of()), online);
        Departure departure = Departure.of(PEER, List.of("alice", "team"), 1234, 5678);
        ClusterWire.Event offline = ClusterWire.event(ClusterWire.offline("n1", departure)).orElseThrow();
        assertEquals(ClusterWire.Kind.OFFLINE, offline.kind());
        assertEquals(departure, offline.departure());
        assertEquals(List.of("x"), ClusterWire.event(ClusterWire.rooms("n1", "A", List.of("x"), Set.of())).orElseThrow().rooms());
        assertEquals(PEER, ClusterWire.event(ClusterWire.update("n1", PEER)).orElseThrow().peer());
    }

    @Test
    void aStoredRecordBecomesTheDepartureOfItsPeerWithTheRecordsRoomsAndOnlineTime() {
        String record = ClusterWire.online("n1", PEER, List.of("alice", "team"), Set.of(), 1000, false);
        Departure departure = ClusterWire.departureOf(record, 2000).orElseThrow();
        assertEquals(new Departure("A", "alice", List.of("alice", "team"), 1000, 2000, departure.frame()), departure);
        JsonObject frame = jakarta.json.Json.createReader(new java.io.StringReader(departure.frame())).readObject();
        assertEquals("alice|A", frame.getString("from"));
        assertEquals(false, frame.getJsonObject("data").getBoolean("online"));
        assertEquals(departure, ClusterWire.departure(ClusterWire.departure(departure)).orElseThrow());
    }

    @Test
    void eventsSayInWhichRoomsTheirInstanceMadeThePeerSilentAndOlderOnesSayNothing() {
        ClusterWire.Event online = ClusterWire.event(
                ClusterWire.online("n1", PEER, List.of("alice", "hall"), Set.of("hall"), 1234, false)).orElseThrow();
        assertEquals(Set.of("hall"), online.silent());
        assertEquals(List.of("alice"), online.seeingRooms());
        assertEquals(Set.of("hall"), ClusterWire.event(ClusterWire.rooms("n1", "A", List.of("alice", "hall"),
                List.of("hall"))).orElseThrow().silent());
        // an instance of an earlier version writes no "silent": each instance then decides itself
        ClusterWire.Event older = ClusterWire.event("{\"e\":\"rooms\",\"node\":\"n1\",\"id\":\"A\",\"rooms\":[\"hall\"]}")
                .orElseThrow();
        assertEquals(null, older.silent());
        assertEquals(List.of("hall"), older.seeingRooms());
        // the departure of a silent member names only the rooms it was seen in
        String record = ClusterWire.online("n1", PEER, List.of("alice", "hall"), Set.of("hall"), 1000, false);
        assertEquals(List.of("alice"), ClusterWire.departureOf(record, 2000).orElseThrow().rooms());
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
        ClusterWire.Envelope envelope = ClusterWire.envelope(
                ClusterWire.envelope(List.of("A", "B"), OutgoingFrame.verbatim(frame))).orElseThrow();
        assertEquals(List.of("A", "B"), envelope.recipients());
        assertEquals(frame, envelope.frame().text());
        assertEquals(null, envelope.frame().coalesceKey());
        assertTrue(ClusterWire.envelope("{\"r\":[\"A\"]}").isEmpty());
    }

    @Test
    void forwardedPresenceKeepsItsCoalescingKey() {
        JsonObject presence = Json.createObjectBuilder().add("type", "presence").add("from", "alice|A")
                .add("data", PEER).build();
        ClusterWire.Envelope envelope = ClusterWire.envelope(
                ClusterWire.envelope(List.of("B"), OutgoingFrame.of(presence))).orElseThrow();
        assertEquals("alice|A", envelope.frame().coalesceKey());
        assertEquals(presence, envelope.frame().object());
    }
}
