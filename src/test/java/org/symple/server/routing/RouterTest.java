package org.symple.server.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import jakarta.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.symple.server.cluster.RecordingBroker;
import org.symple.server.metrics.Metrics;
import org.symple.server.peers.Peer;
import org.symple.server.peers.PeerRegistry;
import org.symple.server.peers.RecordingSink;
import org.symple.server.protocol.FrameCodec;
import org.symple.server.protocol.OutgoingFrame;

/**
 * Delivery with a real registry and route policy: alice (A), bob (B) and carol (C) here, rob (R1) and ruth (R2) on
 * instance n1 and nina (N) on n2, all in room team; eve (E) here alone.
 */
class RouterTest {

    private final PeerRegistry registry = new PeerRegistry();
    private final RecordingBroker broker = new RecordingBroker();
    private final Map<String, RecordingSink> sinks = new HashMap<>();
    private final Router router = new Router(registry, broker, new Metrics());
    private Peer alice;

    @BeforeEach
    void peers() {
        alice = local("A", "alice", "team");
        local("B", "bob", "team");
        local("C", "carol", "team");
        local("E", "eve");
        remote("n1", "R1", "rob", "team");
        remote("n1", "R2", "ruth", "team");
        remote("n2", "N", "nina", "team");
    }

    private Peer local(String id, String user, String... rooms) {
        RecordingSink sink = new RecordingSink();
        sinks.put(id, sink);
        Peer peer = new Peer(id, user, user, Peer.DEFAULT_TYPE, null, null, sink);
        registry.add(peer, roomsOf(user, rooms));
        return peer;
    }

    private void remote(String node, String id, String user, String... rooms) {
        registry.add(Peer.remote(node, FrameCodec.JSON.createObjectBuilder().add("id", id).add("user", user).build(), 0),
                roomsOf(user, rooms));
    }

    private static List<String> roomsOf(String user, String... rooms) {
        return Stream.concat(Stream.of(user), Stream.of(rooms)).toList();
    }

    private static JsonObject json(String text) {
        return FrameCodec.parseObject(text).orElseThrow();
    }

    /** Routes a message frame as the endpoint does: the parsed frame with the text it came as. */
    private void routeMessage(Peer sender, String text) {
        router.routeMessage(sender, json(text), text);
    }

    private List<JsonObject> received(String id) {
        return sinks.get(id).objects();
    }

    @Test
    void aRoutedFrameCarriesTheSendersAddressWhateverItClaimed() {
        routeMessage(alice, "{\"type\":\"message\",\"to\":\"bob|B\",\"from\":\"mallory|M\",\"data\":{\"n\":1}}");

        assertEquals(List.of(json("{\"type\":\"message\",\"to\":\"bob|B\",\"from\":\"alice|A\",\"data\":{\"n\":1}}")), received("B"));
        assertEquals(List.of(), received("C"));
        assertEquals(List.of(), received("A"));
        assertEquals(List.of(), broker.calls());
    }

    @Test
    void aFromThatATextualEditCouldMissIsStillReplaced() {
        routeMessage(alice, "{\"type\":\"message\",\"to\":\"bob|B\",\"from\":\"alice|A\",\"from\":\"mallory|M\"}");
        routeMessage(alice, "{\"type\":\"message\",\"to\":\"bob|B\",\"fr\\u006fm\":\"mallory|M\"}");

        List<JsonObject> frames = received("B");
        assertEquals(2, frames.size());
        frames.forEach(frame -> assertEquals("alice|A", frame.getString("from")));
        assertEquals("{\"type\":\"message\",\"to\":\"bob|B\",\"from\":\"alice|A\"}", sinks.get("B").frames().get(1).text());
    }

    @Test
    void everyLocalRecipientSharesOneFrameAndEachOtherInstanceGetsItOnce() {
        routeMessage(alice, "{\"type\":\"message\",\"data\":{}}");

        OutgoingFrame toBob = sinks.get("B").frames().get(0);
        assertSame(toBob, sinks.get("C").frames().get(0));
        assertEquals(1, sinks.get("B").frames().size());
        assertEquals(List.of(), received("E"));
        Map<String, Set<String>> byNode = broker.forwards().stream().collect(Collectors.toMap(
                RecordingBroker.Forward::node, forward -> Set.copyOf(forward.recipients())));
        assertEquals(Map.of("n1", Set.of("R1", "R2"), "n2", Set.of("N")), byNode);
        assertEquals(2, broker.forwards().size(), "one forward per instance");
        broker.forwards().forEach(forward -> assertSame(toBob, forward.frame()));
    }

    @Test
    void deliverReachesAnyPeerVerbatimWithoutPermissionChecks() {
        JsonObject frame = json("{\"type\":\"event\",\"name\":\"notice\",\"from\":\"server\"}");

        int count = router.deliver(List.of("E", "R1", "N", "ghost"), OutgoingFrame.of(frame));

        assertEquals(3, count);
        assertEquals(List.of(frame), received("E"));
        assertEquals(List.of(), received("A"));
        assertEquals(List.of("forward n1 [R1]", "forward n2 [N]"), broker.calls().stream().sorted().toList());
    }

    @Test
    void localAndForwardedDeliveriesReachOnlyPeersOfThisInstance() {
        JsonObject frame = json("{\"type\":\"event\",\"name\":\"notice\"}");

        assertEquals(2, router.deliverLocally(List.of("E", "B", "R1", "ghost"), OutgoingFrame.of(frame)));
        OutgoingFrame forwarded = OutgoingFrame.serialised("{\"type\":\"presence\",\"from\":\"nina|N\"}", "nina|N");
        router.deliverForwarded(List.of("C", "N", "ghost"), forwarded);

        assertEquals(List.of(frame), received("E"));
        assertEquals(List.of(frame), received("B"));
        assertEquals(List.of(forwarded), sinks.get("C").frames());
        assertEquals(List.of(), broker.calls(), "nothing goes back to the broker");
    }

    @Test
    void aFrameNobodyMayReceiveIsDropped() {
        routeMessage(alice, "{\"type\":\"message\",\"to\":\"eve|E\"}");
        routeMessage(alice, "{\"type\":\"message\",\"to\":42}");

        sinks.values().forEach(sink -> assertEquals(List.of(), sink.frames()));
        assertEquals(List.of(), broker.calls());
    }
}
