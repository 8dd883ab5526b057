package org.symple.server.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * The large-room policy with a presence limit of 2: the third member of a room is silent there, so it gets and sends the
 * room's messages but no presence goes to or from it through that room.
 */
class LargeRoomTest {

    private final PeerRegistry registry = new PeerRegistry(2);
    private final RecordingBroker broker = new RecordingBroker();
    private final Map<String, RecordingSink> sinks = new HashMap<>();
    private final Router router = new Router(registry, broker, new Metrics());
    private final PresenceService presence = new PresenceService(registry, broker, new RoomPolicy(true, 64, 16), router,
            new ContinuityConfig(120_000, 10_000, 0), System::currentTimeMillis);

    private Peer online(String id, String user) {
        RecordingSink sink = new RecordingSink();
        sinks.put(id, sink);
        Peer peer = new Peer(id, user, user, Peer.DEFAULT_TYPE, null, null, sink);
        assertTrue(presence.arrive(peer, List.of(user), null));
        return peer;
    }

    private List<String> heard(String id) {
        return sinks.get(id).objects().stream().map(frame -> switch (frame.getString("type")) {
            case "presence" -> "presence " + frame.getString("from") + " "
                    + (frame.getJsonObject("data").getBoolean("online") ? "online" : "offline");
            case "message" -> "message " + frame.getJsonObject("data").getString("text");
            default -> frame.getString("type");
        }).toList();
    }

    private void clear() {
        sinks.values().forEach(RecordingSink::clear);
    }

    private static JsonObject json(String text) {
        return FrameCodec.parseObject(text).orElseThrow();
    }

    @Test
    void aMemberBeyondTheLimitJoinsSilentlyButGetsAndSendsTheRoomsMessages() {
        Peer alice = online("A", "alice");
        Peer bob = online("B", "bob");
        Peer carol = online("C", "carol");
        presence.join(alice, "webinar");
        presence.join(bob, "webinar");
        clear();

        presence.join(carol, "webinar");

        assertEquals(List.of("join:ok"), heard("C"), "no snapshot for a silent member");
        assertEquals(List.of(), heard("A"));
        assertEquals(List.of(), heard("B"));
        String text = "{\"type\":\"message\",\"to\":\"webinar\",\"data\":{\"text\":\"hi\"}}";
        router.routeMessage(carol, json(text), text);
        assertEquals(List.of("message hi"), heard("A"));
        assertEquals(List.of("message hi"), heard("B"));
        clear();
        String fromAlice = "{\"type\":\"message\",\"to\":\"webinar\",\"data\":{\"text\":\"welcome\"}}";
        router.routeMessage(alice, json(fromAlice), fromAlice);
        assertEquals(List.of("message welcome"), heard("C"));
    }

    @Test
    void noPresenceGoesToOrFromASilentMemberThroughTheRoom() {
        Peer alice = online("A", "alice");
        Peer bob = online("B", "bob");
        Peer carol = online("C", "carol");
        presence.join(alice, "webinar");
        presence.join(bob, "webinar");
        presence.join(carol, "webinar");
        clear();

        presence.publish(carol, json("{\"type\":\"presence\",\"probe\":true,\"data\":{\"status\":\"away\"}}"));
        presence.publish(alice, json("{\"type\":\"presence\",\"data\":{\"status\":\"busy\"}}"));
        presence.depart(carol, false);

        assertEquals(List.of("presence alice|A online"), heard("B"), "only the seeing members hear each other");
        assertEquals(List.of(), heard("C"));
        assertEquals(List.of(), heard("A"));
    }

    @Test
    void aSeatFreedByASeeingMemberGoesToTheNextJoiner() {
        Peer alice = online("A", "alice");
        Peer bob = online("B", "bob");
        Peer carol = online("C", "carol");
        presence.join(alice, "webinar");
        presence.join(bob, "webinar");
        presence.join(carol, "webinar");
        presence.depart(alice, false);
        clear();

        Peer dave = online("D", "dave");
        presence.join(dave, "webinar");

        assertEquals(List.of("join:ok", "presence bob|B online"), heard("D"));
        assertEquals(List.of("presence dave|D online"), heard("B"));
        assertEquals(List.of(), heard("C"), "carol stays silent while she is in the room");
    }

    /** Alice and Bob, online here, take the webinar's two seeing seats. */
    private void fillWebinarWithAliceAndBob() {
        presence.join(online("A", "alice"), "webinar");
        presence.join(online("B", "bob"), "webinar");
    }

    /** A peer of instance n2 with its own user room. */
    private static Peer remote(String id, String user) {
        return Peer.remote("n2", FrameCodec.JSON.createObjectBuilder().add("id", id).add("user", user).build(), 0);
    }

    @Test
    void aRemotePeerIsSeeingOrSilentAsItsOwnInstanceDecidedSoThatEveryInstanceAgrees() {
        fillWebinarWithAliceAndBob();
        clear();

        // n2 admitted rob as seeing before it heard of alice and bob: here, too, he sees and is seen
        presence.remoteArrived(remote("R", "rob"), List.of("rob", "webinar"), Set.of());
        assertEquals(List.of("presence rob|R online"), heard("A"));
        assertEquals(List.of("presence rob|R online"), heard("B"));
        // n2 made sam silent: here, too, though a seat would be free had rob been counted silent
        presence.remoteArrived(remote("S", "sam"), List.of("sam", "webinar"), Set.of("webinar"));
        assertEquals(List.of("presence rob|R online"), heard("A"));
        assertTrue(registry.rooms().isSilent("S", "webinar"));

        // both full: a local joiner is silent
        Peer carol = online("C", "carol");
        clear();
        presence.join(carol, "webinar");
        assertEquals(List.of("join:ok"), heard("C"));
    }

    @Test
    void aRemotePeerWhoseInstanceDecidedOtherwiseAfterAnOutageIsAnnouncedOrWithdrawnAccordingly() {
        fillWebinarWithAliceAndBob();
        presence.remoteArrived(remote("R", "rob"), List.of("rob", "webinar"), null); // an older instance: decided here
        assertTrue(registry.rooms().isSilent("R", "webinar"));
        clear();

        presence.remoteRoomsChanged("R", List.of("rob", "webinar"), Set.of()); // its instance says: seeing
        assertEquals(List.of("presence rob|R online"), heard("A"));
        assertEquals(List.of("presence rob|R online"), heard("B"));
        clear();
        presence.remoteArrived(remote("R", "rob"), List.of("rob", "webinar"), Set.of("webinar")); // and now: silent
        assertEquals(List.of("presence rob|R offline"), heard("A"));
        assertEquals(List.of("presence rob|R offline"), heard("B"));
    }
}
