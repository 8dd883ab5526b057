package org.symple.server.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.symple.server.cluster.RecordingBroker;
import org.symple.server.config.ContinuityConfig;
import org.symple.server.metrics.Metrics;
import org.symple.server.peers.Peer;
import org.symple.server.peers.PeerRegistry;
import org.symple.server.peers.RecordingSink;
import org.symple.server.protocol.FrameCodec;
import org.symple.server.rooms.RoomPolicy;
import org.symple.server.routing.Router;

/**
 * Membership and the presence it causes, with a real registry, router and room policy; the broker and the peers'
 * sinks only record. Frames are compared as short descriptions such as {@code "presence bob|B online"}.
 */
class PresenceServiceTest {

    private static final int MAX_ROOMS = 4;
    private static final int MAX_ROOM_NAME = 16;

    private final PeerRegistry registry = new PeerRegistry();
    private final RecordingBroker broker = new RecordingBroker();
    private final Map<String, RecordingSink> sinks = new HashMap<>();
    private final Router router = new Router(registry, broker, new Metrics());
    private PresenceService presence = presence(true);

    private PresenceService presence(boolean dynamicRooms) {
        return new PresenceService(registry, broker, new RoomPolicy(dynamicRooms, MAX_ROOM_NAME, MAX_ROOMS),
                router, new ContinuityConfig(120_000, 10_000, 0), System::currentTimeMillis);
    }

    private Peer local(String id, String user) {
        RecordingSink sink = new RecordingSink();
        sinks.put(id, sink);
        return new Peer(id, user, user, Peer.DEFAULT_TYPE, null, null, sink);
    }

    private static Peer remote(String node, String id, String user) {
        return Peer.remote(node, FrameCodec.JSON.createObjectBuilder().add("id", id).add("user", user).build(), 0);
    }

    /** A local peer that arrived in its user room and {@code rooms}; what it and the broker saw so far is forgotten. */
    private Peer online(String id, String user, String... rooms) {
        Peer peer = local(id, user);
        List<String> all = new ArrayList<>(List.of(user));
        all.addAll(List.of(rooms));
        assertTrue(presence.arrive(peer, all, admitted -> "{\"type\":\"welcome\",\"rooms\":" + admitted.size() + "}"));
        sinks.values().forEach(RecordingSink::clear);
        broker.clear();
        return peer;
    }

    /** What a peer received, as descriptions, oldest first. */
    private List<String> heard(String id) {
        return sinks.get(id).objects().stream().map(PresenceServiceTest::describe).toList();
    }

    private static String describe(JsonObject frame) {
        String type = frame.getString("type");
        return switch (type) {
            case "presence" -> "presence " + frame.getString("from") + " "
                    + (frame.getJsonObject("data").getBoolean("online") ? "online" : "offline");
            case "error" -> "error " + frame.getInt("status") + " " + frame.getString("message");
            case "join:ok", "leave:ok" -> type + " " + frame.getString("room");
            default -> type;
        };
    }

    private Set<String> roomsOf(String id) {
        return Set.copyOf(registry.rooms().roomsOf(id));
    }

    @Test
    void anArrivalIsWelcomedFirstThenGetsTheSnapshotThenEachCoMemberHearsItOnce() {
        online("B", "bob", "team");
        online("C", "carol", "team", "x");
        online("D", "dave", "elsewhere");
        AtomicReference<List<String>> welcomed = new AtomicReference<>();
        Peer alice = local("A", "alice");

        assertTrue(presence.arrive(alice, List.of("alice", "team", "x"), admitted -> {
            welcomed.set(admitted);
            assertNull(registry.getOrNull("A"), "the welcome is built before the peer is registered");
            return "{\"type\":\"welcome\"}";
        }));

        assertEquals(List.of("alice", "team", "x"), welcomed.get());
        List<String> aliceHeard = heard("A");
        assertEquals("welcome", aliceHeard.get(0));
        assertEquals(Set.of("presence bob|B online", "presence carol|C online"), Set.copyOf(aliceHeard.subList(1, aliceHeard.size())));
        assertEquals(3, aliceHeard.size(), "one snapshot entry per visible peer, carol once although she shares two rooms");
        assertEquals(List.of("presence alice|A online"), heard("B"));
        assertEquals(List.of("presence alice|A online"), heard("C"));
        assertEquals(List.of(), heard("D"));
        assertEquals(List.of("arrived A [alice, team, x]"), broker.calls());
    }

    @Test
    void aTakenIdIsRefusedWithoutAnyFrame() {
        online("A", "alice", "team");
        Peer impostor = local("A", "mallory");
        assertFalse(presence.arrive(impostor, List.of("mallory", "team"), admitted -> "{\"type\":\"welcome\"}"));
        assertEquals(List.of(), heard("A"));
        assertEquals(List.of(), broker.calls());
        assertEquals("alice", registry.getOrNull("A").user());
    }

    @Test
    void aDepartureTellsEachCoMemberOnceAndTheBroker() {
        Peer alice = online("A", "alice", "team", "x");
        online("B", "bob", "team", "x");
        online("D", "dave");
        sinks.values().forEach(RecordingSink::clear);
        broker.clear();

        assertTrue(presence.depart(alice, false));

        assertEquals(List.of("presence alice|A offline"), heard("B"));
        assertEquals(List.of(), heard("D"));
        assertEquals(List.of("departed A"), broker.calls());
        assertNull(registry.getOrNull("A"));
        assertFalse(presence.depart(alice, false), "a second departure is no departure");
        assertEquals(List.of("departed A"), broker.calls());
    }

    @Test
    void aQuietDepartureTellsOnlyTheBroker() {
        Peer alice = online("A", "alice", "team");
        online("B", "bob", "team");
        sinks.values().forEach(RecordingSink::clear);
        broker.clear();

        assertTrue(presence.depart(alice, true));

        assertEquals(List.of(), heard("B"));
        assertEquals(List.of("departed A"), broker.calls());
    }

    @Test
    void aJoinIsAcknowledgedThenGetsTheRoomsSnapshotAndOnlyNewCoMembersHearIt() {
        Peer alice = online("A", "alice", "team");
        online("B", "bob", "team", "x");
        online("E", "erin", "x");
        sinks.values().forEach(RecordingSink::clear);
        broker.clear();

        presence.join(alice, "x");

        List<String> aliceHeard = heard("A");
        assertEquals("join:ok x", aliceHeard.get(0));
        assertEquals(Set.of("presence bob|B online", "presence erin|E online"), Set.copyOf(aliceHeard.subList(1, aliceHeard.size())));
        assertEquals(3, aliceHeard.size());
        assertEquals(List.of("presence alice|A online"), heard("E"));
        assertEquals(List.of(), heard("B"), "bob already saw alice through team");
        assertEquals(1, broker.calls().size());
        assertEquals(Set.of("alice", "team", "x"), roomsOf("A"));
        assertTrue(broker.calls().get(0).startsWith("rooms A "));
        assertEquals(Set.of("alice", "team", "x"), roomsIn(broker.calls().get(0)));
    }

    @Test
    void aJoinIsAnsweredWhileEarlierPresenceIsStillBeingSentAndItsOwnPresenceAndMessagesFollowInOrder() throws Exception {
        Peer alice = online("A", "alice");
        online("B", "bob", "team");
        CountDownLatch sending = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        router.line().add(() -> { // presence of an earlier change, being sent by another thread
            sending.countDown();
            awaitQuietly(letGo);
        });
        Thread earlier = new Thread(router.line()::drain);
        earlier.start();
        assertTrue(sending.await(10, TimeUnit.SECONDS));

        presence.join(alice, "team");
        String message = "{\"type\":\"message\",\"to\":\"team\"}";
        router.routeMessage(alice, FrameCodec.parseObject(message).orElseThrow(), message);

        assertEquals(List.of("join:ok team"), heard("A"), "answered at once; the snapshot waits its turn");
        assertEquals(List.of(), heard("B"), "neither alice's presence nor her message overtakes the earlier presence");
        letGo.countDown();
        earlier.join(10_000);
        assertEquals(List.of("join:ok team", "presence bob|B online"), heard("A"));
        assertEquals(List.of("presence alice|A online", "message"), heard("B"));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aLeaveIsAcknowledgedAndOnlyPeersNoLongerSharingARoomHearOffline() {
        Peer alice = online("A", "alice", "team", "x");
        online("B", "bob", "team", "x");
        online("E", "erin", "x");
        sinks.values().forEach(RecordingSink::clear);
        broker.clear();

        presence.leave(alice, "x");

        assertEquals(List.of("leave:ok x"), heard("A"));
        assertEquals(List.of("presence alice|A offline"), heard("E"));
        assertEquals(List.of(), heard("B"), "bob still shares team with alice");
        assertEquals(Set.of("alice", "team"), roomsOf("A"));
        assertEquals(1, broker.calls().size());
        assertEquals(Set.of("alice", "team"), roomsIn(broker.calls().get(0)));
    }

    @Test
    void joinAndLeaveNeedDynamicRooms() {
        presence = presence(false);
        Peer alice = online("A", "alice", "team");

        presence.join(alice, "x");
        presence.leave(alice, "team");

        assertEquals(List.of("error 400 Dynamic rooms disabled", "error 400 Dynamic rooms disabled"), heard("A"));
        assertEquals(Set.of("alice", "team"), roomsOf("A"));
        assertEquals(List.of(), broker.calls());
    }

    @Test
    void nobodyJoinsTheRoomOfAnotherOnlineUser() {
        Peer alice = online("A", "alice");
        online("B", "bob");

        presence.join(alice, "bob");

        assertEquals(List.of("error 400 Room not allowed"), heard("A"));
        assertEquals(List.of(), heard("B"));
        assertEquals(Set.of("B"), registry.rooms().members("bob"));
        assertEquals(List.of(), broker.calls());
    }

    @Test
    void joinsBeyondTheRoomLimitOrWithTooLongANameAreRefused() {
        Peer alice = online("A", "alice", "r1", "r2", "r3");

        presence.join(alice, "r4");
        presence.join(alice, "r1");
        presence.leave(alice, "r3");
        presence.join(alice, "x".repeat(MAX_ROOM_NAME + 1));

        assertEquals(List.of("error 400 Too many rooms", "join:ok r1", "leave:ok r3", "error 400 Room not allowed"), heard("A"));
        assertEquals(Set.of("alice", "r1", "r2"), roomsOf("A"));
    }

    @Test
    void nobodyLeavesTheirOwnUserRoom() {
        Peer alice = online("A", "alice", "team");

        presence.leave(alice, "alice");

        assertEquals(List.of("error 400 Room not allowed"), heard("A"));
        assertEquals(Set.of("alice", "team"), roomsOf("A"));
        assertEquals(List.of(), broker.calls());
    }

    @Test
    void missingRoomsAndPeersNotRegisteredAreIgnored() {
        Peer alice = online("A", "alice");
        Peer stranger = local("S", "stranger");

        presence.join(alice, null);
        presence.join(alice, "");
        presence.leave(alice, null);
        presence.join(stranger, "team");

        assertEquals(List.of(), heard("A"));
        assertEquals(List.of(), heard("S"));
        assertEquals(List.of(), broker.calls());
    }

    @Test
    void anArrivalIsAdmittedOnlyToRoomsOfUsersNotOnlineAndTheBrokerHearsTheAdmittedRooms() {
        online("A", "alice");
        AtomicReference<List<String>> welcomed = new AtomicReference<>();

        presence.arrive(local("B", "bob"), List.of("bob", "alice", "team"), admitted -> {
            welcomed.set(admitted);
            return "{\"type\":\"welcome\"}";
        });

        assertEquals(List.of("bob", "team"), welcomed.get());
        assertEquals(Set.of("bob", "team"), roomsOf("B"));
        assertEquals(List.of("arrived B [bob, team]"), broker.calls());
        assertEquals(List.of(), heard("A"));
    }

    @Test
    void anArrivingUserTakesOtherUsersOutOfItsRoomAndEachEvictedPeerHearsOfThePeersItLostOnce() {
        online("M", "mallory", "dave", "team");
        online("E", "erin", "dave");
        online("F", "frank", "team");
        Peer dave = local("D", "dave");

        assertTrue(presence.arrive(dave, List.of("dave"), admitted -> "{\"type\":\"welcome\"}"));

        assertEquals(Set.of("D"), registry.rooms().members("dave"));
        assertEquals(List.of("welcome"), heard("D"), "nobody else is left in dave's room to see");
        assertEquals(List.of("presence erin|E offline"), heard("M"));
        assertEquals(List.of("presence mallory|M offline"), heard("E"));
        assertEquals(List.of(), heard("F"), "frank still shares team with mallory and never saw dave's room");
        assertEquals(Set.of("mallory", "team"), roomsOf("M"));
        assertEquals(Set.of("erin"), roomsOf("E"));
        List<String> calls = broker.calls();
        assertEquals(3, calls.size(), calls.toString());
        assertEquals(Set.of("rooms M", "rooms E"), Set.of(calls.get(0).substring(0, 7), calls.get(1).substring(0, 7)));
        assertEquals(Set.of("mallory", "team"), roomsIn(calls.get(calls.get(0).startsWith("rooms M") ? 0 : 1)));
        assertEquals("arrived D [dave]", calls.get(2), "evictions are announced before the arrival");
    }

    @Test
    void aUserArrivingOnAnotherInstanceTakesLocalAndRemotePeersOutOfItsRoom() {
        online("M", "mallory", "dave");
        online("F", "frank", "team");
        presence.remoteArrived(remote("n2", "E", "erin"), List.of("erin", "dave"), null);
        presence.remoteArrived(remote("n2", "R", "rob"), List.of("rob", "dave", "team"), null);
        sinks.values().forEach(RecordingSink::clear);
        broker.clear();

        presence.remoteArrived(remote("n3", "D", "dave"), List.of("dave"), null);

        assertEquals(Set.of("D"), registry.rooms().members("dave"));
        List<String> malloryHeard = heard("M");
        assertEquals(Set.of("presence erin|E offline", "presence rob|R offline"), Set.copyOf(malloryHeard));
        assertEquals(2, malloryHeard.size(), "each lost peer once, and nothing of dave");
        assertEquals(List.of(), heard("F"), "frank still shares team with rob");
        assertEquals(Set.of("erin"), roomsOf("E"));
        assertEquals(Set.of("rob", "team"), roomsOf("R"));
        assertEquals(List.of("rooms M [mallory]"), broker.calls(), "only this instance's own peers are reported");
    }

    @Test
    void remotePeersAreKeptOutOfTheRoomsOfUsersOnlineHere() {
        online("A", "alice", "team");
        online("C", "carol", "x");

        presence.remoteArrived(remote("n2", "B", "bob"), List.of("bob", "alice", "team"), null);
        assertEquals(Set.of("bob", "team"), roomsOf("B"));
        assertEquals(List.of("presence bob|B online"), heard("A"));

        presence.remoteRoomsChanged("B", List.of("bob", "alice", "x"), null);
        assertEquals(Set.of("bob", "x"), roomsOf("B"));
        assertEquals(List.of("presence bob|B online", "presence bob|B offline"), heard("A"));
        assertEquals(List.of("presence bob|B online"), heard("C"));
        assertEquals(List.of(), broker.calls(), "other instances' changes are never reported back");
    }

    @Test
    void aRemotePeerAnnouncedAgainInTheSameStateOnlyHasItsRoomsBroughtUpToDate() {
        online("A", "alice", "team");
        online("C", "carol", "x");
        presence.remoteArrived(remote("n2", "B", "bob"), List.of("bob", "team"), null);
        sinks.values().forEach(RecordingSink::clear);

        presence.remoteArrived(remote("n2", "B", "bob"), List.of("bob", "team", "x"), null);

        assertEquals(List.of(), heard("A"), "alice saw bob already");
        assertEquals(List.of("presence bob|B online"), heard("C"));
        assertEquals(Set.of("bob", "team", "x"), roomsOf("B"));
    }

    @Test
    void aRemotePeerAnnouncedAgainInAnotherStateIsAnnouncedOnceInIt() {
        online("A", "alice", "team");
        presence.remoteArrived(remote("n2", "B", "bob"), List.of("bob", "team"), null);
        sinks.values().forEach(RecordingSink::clear);
        Peer away = Peer.remote("n2", FrameCodec.JSON.createObjectBuilder().add("id", "B").add("user", "bob")
                .add("status", "away").build(), 0);

        presence.remoteArrived(away, List.of("bob", "team"), null); // its instance wrote its record again after an outage
        presence.remoteArrived(away, List.of("bob", "team"), null); // and once more, unchanged

        assertEquals(List.of("presence bob|B online"), heard("A"));
        assertEquals("away", sinks.get("A").objects().get(0).getJsonObject("data").getString("status"));
    }

    @Test
    void anotherInstanceNeverReplacesOrRemovesAPeerOfThisOne() {
        Peer alice = online("A", "alice", "team");
        online("B", "bob", "team");

        presence.remoteArrived(remote("n2", "A", "mallory"), List.of("mallory", "team", "x"), null);
        presence.remoteRoomsChanged("A", List.of("mallory"), null);
        presence.remoteDeparted("A", null);

        assertEquals(alice, registry.getOrNull("A"));
        assertEquals(Set.of("alice", "team"), roomsOf("A"));
        assertEquals(List.of(), heard("B"));
    }

    @Test
    void aRemoteDepartureTellsEachLocalCoMemberOnce() {
        online("A", "alice", "team", "x");
        online("C", "carol");
        presence.remoteArrived(remote("n2", "B", "bob"), List.of("bob", "team", "x"), null);
        sinks.values().forEach(RecordingSink::clear);

        presence.remoteDeparted("B", null);
        presence.remoteDeparted("B", null);
        presence.remoteDeparted("nobody", null);

        assertEquals(List.of("presence bob|B offline"), heard("A"));
        assertEquals(List.of(), heard("C"));
        assertNull(registry.getOrNull("B"));
        assertEquals(List.of(), broker.calls());
    }

    @Test
    void aRemotePeersLatestPresenceFieldsAppearInLaterSnapshots() {
        presence.remoteArrived(remote("n2", "B", "bob"), List.of("bob", "team"), null);
        presence.remoteUpdated("B", FrameCodec.JSON.createObjectBuilder().add("id", "B").add("user", "bob")
                .add("status", "away").build());

        Peer alice = local("A", "alice");
        presence.arrive(alice, List.of("alice", "team"), admitted -> "{\"type\":\"welcome\"}");

        JsonObject snapshot = sinks.get("A").objects().get(1);
        assertEquals("bob|B", snapshot.getString("from"));
        assertEquals("away", snapshot.getJsonObject("data").getString("status"));
    }

    private static Set<String> roomsIn(String call) {
        String list = call.substring(call.indexOf('[') + 1, call.lastIndexOf(']'));
        return list.isEmpty() ? Set.of() : new HashSet<>(List.of(list.split(", ")));
    }
}
