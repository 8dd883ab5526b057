package org.symple.server.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.symple.server.cluster.RecordingBroker;
import org.symple.server.config.ContinuityConfig;
import org.symple.server.metrics.Metrics;
import org.symple.server.peers.Departure;
import org.symple.server.peers.Peer;
import org.symple.server.peers.PeerRegistry;
import org.symple.server.peers.RecordingSink;
import org.symple.server.rooms.RoomPolicy;
import org.symple.server.routing.Router;

/**
 * Clients that come back with a new id (as symple-client does) are told {@code online:false} for the peers they may
 * still show that left meanwhile, and only those: the presence service with a real registry and a clock of the test.
 */
class RosterRepairTest {

    private static final long WINDOW = 120_000;

    private final PeerRegistry registry = new PeerRegistry();
    private final RecordingBroker broker = new RecordingBroker();
    private final Map<String, RecordingSink> sinks = new HashMap<>();
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private PresenceService presence = presence(10_000);

    private PresenceService presence(int memory) {
        return new PresenceService(registry, broker, new RoomPolicy(true, 64, 16), new Router(registry, broker, new Metrics()),
                new ContinuityConfig(WINDOW, memory, 0), clock::get);
    }

    private Peer online(String id, String user, String... rooms) {
        RecordingSink sink = new RecordingSink();
        sinks.put(id, sink);
        Peer peer = new Peer(id, user, user, Peer.DEFAULT_TYPE, null, null, sink, clock.addAndGet(1000));
        List<String> all = new ArrayList<>(List.of(user));
        all.addAll(List.of(rooms));
        assertTrue(presence.arrive(peer, all, null));
        return peer;
    }

    private void leave(Peer peer) {
        clock.addAndGet(1000);
        presence.depart(peer, false);
    }

    /** The ids a peer was told went offline, in order. */
    private List<String> toldOffline(String id) {
        List<String> offline = new ArrayList<>();
        for (JsonObject frame : sinks.get(id).objects()) {
            if ("presence".equals(frame.getString("type")) && !frame.getJsonObject("data").getBoolean("online")) {
                offline.add(frame.getJsonObject("data").getString("id"));
            }
        }
        return offline;
    }

    @Test
    void aClientBackAfterACutIsToldOfWhoLeftMeanwhileAndOfItsOwnOldId() {
        Peer alice = online("A1", "alice", "team");
        online("B1", "bob", "team");
        Peer carol = online("C1", "carol", "team");
        leave(alice); // the cut: the server notices the socket is gone
        leave(carol); // carol leaves while alice is away

        online("A2", "alice", "team"); // alice's client comes back with a new id and its old roster

        assertEquals(List.of("A1", "C1"), toldOffline("A2"));
        assertEquals(List.of("A1", "C1"), toldOffline("B1"), "bob heard both live, once each");
    }

    @Test
    void aClientBackAfterAJoinIsToldWhenItEntersTheRoom() {
        Peer alice = online("A1", "alice", "team");
        Peer carol = online("C1", "carol", "team");
        leave(alice);
        leave(carol);

        Peer back = online("A2", "alice"); // the application joins its rooms after the welcome
        assertEquals(List.of("A1"), toldOffline("A2"), "its own old id was in its user room");
        presence.join(back, "team");

        assertEquals(List.of("A1", "C1"), toldOffline("A2"));
    }

    @Test
    void aUserWithoutAnEarlierSessionIsToldNothing() {
        Peer carol = online("C1", "carol", "team");
        leave(carol);

        online("D1", "dave", "team");

        assertEquals(List.of(), toldOffline("D1"));
    }

    @Test
    void departuresThatTheEarlierSessionNeverSawAreNotTold() {
        Peer old = online("C0", "carol", "team");
        leave(old); // carol left before alice ever came
        Peer alice = online("A1", "alice", "team");
        leave(alice);
        online("E1", "eve", "elsewhere");
        leave(registry.getOrNull("E1")); // eve never shared a room with alice

        online("A2", "alice", "team", "elsewhere");

        assertEquals(List.of("A1"), toldOffline("A2"));
    }

    @Test
    void eachDepartureIsToldOnceAlsoWhenThePeerEntersMoreOfItsRooms() {
        Peer alice = online("A1", "alice", "team", "x");
        Peer carol = online("C1", "carol", "team", "x");
        leave(alice);
        leave(carol);

        Peer back = online("A2", "alice", "team");
        presence.join(back, "x");

        assertEquals(List.of("A1", "C1"), toldOffline("A2"));
    }

    @Test
    void aDepartureHeardLiveIsNotToldAgainOnAJoin() {
        Peer alice = online("A1", "alice", "team", "x");
        Peer carol = online("C1", "carol", "team", "x");
        leave(alice);
        Peer back = online("A2", "alice", "team");
        sinks.get("A2").clear();
        leave(carol); // heard live through team

        presence.join(back, "x");

        assertEquals(List.of("C1"), toldOffline("A2"));
    }

    @Test
    void departuresOlderThanTheWindowAreForgotten() {
        Peer alice = online("A1", "alice", "team");
        Peer carol = online("C1", "carol", "team");
        leave(alice);
        leave(carol);
        clock.addAndGet(WINDOW + 1);

        online("A2", "alice", "team");

        assertEquals(List.of(), toldOffline("A2"));
    }

    @Test
    void aPeerOnlineAgainUnderItsIdIsNeverToldOffline() {
        Peer alice = online("A1", "alice", "team");
        Peer carol = online("C1", "carol", "team");
        leave(alice);
        leave(carol);
        online("C1", "carol", "team"); // the same id back (a resumed session)

        online("A2", "alice", "team");

        assertEquals(List.of("A1"), toldOffline("A2"));
    }

    @Test
    void departuresLearnedLaterReachTheClientsThatAreAlreadyBack() {
        online("A2", "alice", "team"); // back on this instance before the dead one was swept
        assertEquals(List.of(), toldOffline("A2"));
        long earlier = clock.get() - 60_000;
        Departure oldAlice = new Departure("A1", "alice", List.of("alice", "team"), earlier, clock.get(), frame("alice", "A1"));
        Departure oldBob = new Departure("B1", "bob", List.of("bob", "team"), earlier, clock.get(), frame("bob", "B1"));

        presence.departuresLearned(List.of(oldAlice, oldBob));
        presence.departuresLearned(List.of(oldAlice, oldBob)); // heard twice: from the sweep and from Redis

        assertEquals(List.of("A1", "B1"), toldOffline("A2"));
    }

    @Test
    void theOldestDeparturesAreForgottenBeyondTheMemory() {
        presence = presence(2);
        Peer alice = online("A1", "alice", "team");
        Peer bob = online("B1", "bob", "team");
        Peer carol = online("C1", "carol", "team");
        leave(alice);
        leave(bob);
        leave(carol);

        online("A2", "alice", "team");

        assertEquals(List.of(), toldOffline("A2"), "alice's own old session, the evidence, was forgotten first");
        assertEquals(List.of("B1", "C1", "A2"), presence.departuresAtStop().stream().map(Departure::id).toList(),
                "the remembered departures, then the peer still connected");
    }

    @Test
    void aStopKeepsThePeersStillConnectedAsDeparturesWithTheirRooms() {
        Peer alice = online("A1", "alice", "team");
        online("B1", "bob", "team");
        leave(alice);

        List<Departure> kept = presence.departuresAtStop();

        assertEquals(List.of("A1", "B1"), kept.stream().map(Departure::id).toList());
        assertTrue(kept.get(1).rooms().contains("team"), "bob's rooms: " + kept.get(1).rooms());
    }

    private static String frame(String user, String id) {
        return "{\"type\":\"presence\",\"from\":\"" + user + "|" + id + "\",\"data\":{\"id\":\"" + id + "\",\"user\":\""
                + user + "\",\"online\":false}}";
    }
}
