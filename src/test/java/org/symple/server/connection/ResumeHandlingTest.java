package org.symple.server.connection;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.symple.server.api.PeerEvents;
import org.symple.server.auth.AuthService;
import org.symple.server.auth.ListInstance;
import org.symple.server.auth.SessionRefresher;
import org.symple.server.cluster.RecordingBroker;
import org.symple.server.config.Settings;
import org.symple.server.config.SympleConfig;
import org.symple.server.ice.IceServers;
import org.symple.server.metrics.Counter;
import org.symple.server.metrics.Metrics;
import org.symple.server.peers.PeerRegistry;
import org.symple.server.presence.PresenceService;
import org.symple.server.protocol.FrameCodec;
import org.symple.server.resume.ResumeService;
import org.symple.server.rooms.RoomPolicy;
import org.symple.server.routing.Router;
import org.symple.server.runtime.Scheduler;

/**
 * The {@code resume} extension through the connection life cycle, on fake WebSocket sessions with the real services
 * behind them and a wall clock the test moves (anonymous mode; grace 10 s, window 120 s unless said).
 */
class ResumeHandlingTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String ALICE = "{\"type\":\"auth\",\"user\":\"alice\",\"rooms\":[\"team\"],\"extensions\":[\"resume\"]";
    private static final String BOB = "{\"type\":\"auth\",\"user\":\"bob\",\"rooms\":[\"team\"]}";

    private final Scheduler scheduler = new Scheduler();
    private final PeerRegistry registry = new PeerRegistry();
    private final ConnectionRegistry connections = new ConnectionRegistry();
    private final Metrics stats = new Metrics();
    private final AtomicLong wallClock = new AtomicLong(1_767_139_200_000L);
    private ProtocolHandler handler;
    private ResumeService resumes;

    @BeforeEach
    void startScheduler() {
        scheduler.start();
    }

    @AfterEach
    void stop() {
        resumes.stop();
        scheduler.stop();
    }

    private void handler(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(Map.of("SYMPLE_PING_INTERVAL", "0"));
        all.putAll(settings);
        SympleConfig config = SympleConfig.from(Settings.of(all));
        RecordingBroker broker = new RecordingBroker();
        Router router = new Router(registry, broker, stats);
        RoomPolicy rooms = new RoomPolicy(config);
        AuthService auth = new AuthService(config, new ListInstance<>(List.of()), null, scheduler, rooms);
        PresenceService presence = new PresenceService(registry, broker, rooms, router, config);
        PeerEvents events = new PeerEvents(null, null, false, false);
        resumes = new ResumeService(config.resume(), registry, presence, events, stats, scheduler, wallClock::get, broker);
        resumes.start();
        handler = new ProtocolHandler(config, connections, scheduler, auth, new SessionRefresher(config, null, scheduler),
                presence, router, stats, events, new IceServers(config.ice(), java.time.Clock.systemUTC()), resumes);
    }

    private Connection online(FakeSession session, String auth) {
        Connection connection = handler.open(session, "127.0.0.1");
        handler.receive(connection, auth);
        await().atMost(WAIT).until(() -> connection.state() == Connection.State.ONLINE);
        return connection;
    }

    private static List<JsonObject> frames(FakeSession session) {
        return session.sent().stream().map(text -> FrameCodec.parseObject(text).orElseThrow()).toList();
    }

    private static JsonObject welcome(FakeSession session) {
        JsonObject first = frames(session).get(0);
        assertEquals("welcome", first.getString("type"));
        return first;
    }

    private static long lastSeq(FakeSession session) {
        return frames(session).stream().filter(f -> f.containsKey("seq")).mapToLong(f -> f.getJsonNumber("seq").longValue())
                .max().orElse(0);
    }

    private static String resume(String token, long seq) {
        return ALICE + ",\"resume\":{\"token\":\"" + token + "\",\"seq\":" + seq + "}}";
    }

    /** The connection is lost without a close frame, as the container reports it. */
    private void lose(FakeSession session, Connection connection) {
        session.drop();
        handler.closed(connection);
    }

    private void say(Connection from, int n) {
        handler.receive(from, "{\"type\":\"message\",\"to\":\"team\",\"data\":{\"n\":" + n + "}}");
    }

    private static List<Integer> said(FakeSession session) {
        return frames(session).stream().filter(f -> "message".equals(f.getString("type", "")))
                .map(f -> f.getJsonObject("data").getInt("n")).toList();
    }

    private static List<JsonObject> presenceOf(FakeSession session, String id) {
        return frames(session).stream().filter(f -> "presence".equals(f.getString("type", ""))
                && id.equals(f.getJsonObject("data").getString("id"))).toList();
    }

    @Test
    void aResumeWithinTheGraceKeepsThePeerIdAndReplaysWhatWasMissedOnceInOrderThenGoesLive() {
        handler(Map.of());
        FakeSession bobSession = new FakeSession();
        FakeSession first = new FakeSession();
        Connection alice = online(first, ALICE + "}");
        Connection bob = online(bobSession, BOB);
        JsonObject welcome = welcome(first);
        String id = welcome.getJsonObject("peer").getString("id");
        String token = welcome.getJsonObject("resume").getString("token");
        assertFalse(welcome.getJsonObject("resume").containsKey("resumed"));
        assertEquals(120, welcome.getJsonObject("resume").getInt("window"));
        say(bob, 0);
        await().atMost(WAIT).until(() -> said(first).equals(List.of(0)));
        long seen = lastSeq(first);

        lose(first, alice);
        for (int n = 1; n <= 4; n++) {
            say(bob, n);
        }
        FakeSession second = new FakeSession();
        Connection again = online(second, resume(token, seen));
        say(bob, 5);

        JsonObject resumed = welcome(second);
        assertEquals(id, resumed.getJsonObject("peer").getString("id"));
        assertTrue(resumed.getJsonObject("resume").getBoolean("resumed"));
        assertNotEquals(token, resumed.getJsonObject("resume").getString("token"));
        assertEquals(List.of("team", "alice"), resumed.getJsonArray("rooms").getValuesAs(jakarta.json.JsonString::getString)
                .stream().sorted(java.util.Comparator.reverseOrder()).toList());
        await().atMost(WAIT).until(() -> said(second).size() == 5);
        assertEquals(List.of(1, 2, 3, 4, 5), said(second));
        List<Long> seqs = frames(second).stream().skip(1).map(f -> f.getJsonNumber("seq").longValue()).toList();
        for (int i = 0; i < seqs.size(); i++) {
            assertEquals(seen + 1 + i, seqs.get(i), "seq without gaps from the client's last one");
        }
        assertEquals(List.of(), presenceOf(bobSession, id).stream().filter(f -> !f.getJsonObject("data").getBoolean("online")).toList(),
                "co-members heard nothing");
        assertEquals(1, stats.total(Counter.RESUMES));
        assertEquals(4, stats.total(Counter.RESUME_FRAMES_REPLAYED));
        assertEquals(Connection.State.ONLINE, again.state());
    }

    @Test
    void aResumeWhileTheOldConnectionIsStillOpenTakesItOverAndClosesIt() {
        handler(Map.of());
        FakeSession first = new FakeSession();
        online(first, ALICE + "}");
        String token = welcome(first).getJsonObject("resume").getString("token");
        FakeSession second = new FakeSession();
        online(second, resume(token, lastSeq(first)));
        await().atMost(WAIT).until(() -> first.closeReason() != null);
        assertEquals("Resumed", first.closeReason().getReasonPhrase());
        assertEquals(1, registry.peerCount());
        assertTrue(welcome(second).getJsonObject("resume").getBoolean("resumed"));
    }

    @Test
    void afterTheGraceCoMembersHearItOfflineAndAResumeBringsItBackOnlineUnderTheSameId() {
        handler(Map.of());
        FakeSession bobSession = new FakeSession();
        FakeSession first = new FakeSession();
        Connection alice = online(first, ALICE + "}");
        Connection bob = online(bobSession, BOB);
        JsonObject welcome = welcome(first);
        String id = welcome.getJsonObject("peer").getString("id");
        lose(first, alice);
        say(bob, 1);
        wallClock.addAndGet(11_000);
        await().atMost(WAIT).until(() -> presenceOf(bobSession, id).stream().anyMatch(f -> !f.getJsonObject("data").getBoolean("online")));
        assertEquals(1, registry.peerCount());
        say(bob, 2); // alice is in no room now: this does not reach her

        FakeSession second = new FakeSession();
        online(second, resume(welcome.getJsonObject("resume").getString("token"), lastSeq(first)));
        assertTrue(welcome(second).getJsonObject("resume").getBoolean("resumed"));
        assertEquals(id, welcome(second).getJsonObject("peer").getString("id"));
        await().atMost(WAIT).until(() -> presenceOf(bobSession, id).size() >= 2
                && presenceOf(bobSession, id).get(presenceOf(bobSession, id).size() - 1).getJsonObject("data").getBoolean("online"));
        assertEquals(List.of(1), said(second));
        assertEquals(2, registry.peerCount());
    }

    @Test
    void pastTheWindowTheResumeIsRefusedAsExpiredWithAFreshSession() {
        handler(Map.of());
        FakeSession first = new FakeSession();
        Connection alice = online(first, ALICE + "}");
        JsonObject welcome = welcome(first);
        lose(first, alice);
        wallClock.addAndGet(121_000);
        await().atMost(WAIT).until(() -> resumes.sessionCount() == 0);

        FakeSession second = new FakeSession();
        online(second, resume(welcome.getJsonObject("resume").getString("token"), 0));
        JsonObject refused = welcome(second).getJsonObject("resume");
        assertFalse(refused.getBoolean("resumed"));
        assertEquals("expired", refused.getString("reason"));
        assertTrue(refused.getString("token").length() > 40);
        assertNotEquals(welcome.getJsonObject("peer").getString("id"), welcome(second).getJsonObject("peer").getString("id"));
    }

    @Test
    void whenTheBufferDroppedFramesTheClientMissedTheResumeIsRefusedAsOverflowAndTheOldPeerDeparts() {
        handler(Map.of("SYMPLE_RESUME_MAX_FRAMES", "2"));
        FakeSession bobSession = new FakeSession();
        FakeSession first = new FakeSession();
        Connection alice = online(first, ALICE + "}");
        Connection bob = online(bobSession, BOB);
        JsonObject welcome = welcome(first);
        String id = welcome.getJsonObject("peer").getString("id");
        long seen = lastSeq(first);
        lose(first, alice);
        for (int n = 1; n <= 3; n++) {
            say(bob, n);
        }
        FakeSession second = new FakeSession();
        online(second, resume(welcome.getJsonObject("resume").getString("token"), seen));
        assertEquals("overflow", welcome(second).getJsonObject("resume").getString("reason"));
        await().atMost(WAIT).until(() -> presenceOf(bobSession, id).stream().anyMatch(f -> !f.getJsonObject("data").getBoolean("online")));
        assertEquals(List.of(), said(second), "never a partial replay");
    }

    @Test
    void forgedReusedAndCrossUserTokensAreRefusedAndLeaveTheSessionToItsOwner() {
        handler(Map.of());
        FakeSession first = new FakeSession();
        Connection alice = online(first, ALICE + "}");
        JsonObject welcome = welcome(first);
        String id = welcome.getJsonObject("peer").getString("id");
        String token = welcome.getJsonObject("resume").getString("token");
        lose(first, alice);

        FakeSession forged = new FakeSession();
        online(forged, resume(id + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 0));
        assertEquals("invalid", welcome(forged).getJsonObject("resume").getString("reason"));
        FakeSession unknown = new FakeSession();
        online(unknown, resume("garbage", 0));
        assertEquals("unknown", welcome(unknown).getJsonObject("resume").getString("reason"));
        FakeSession mallory = new FakeSession();
        online(mallory, "{\"type\":\"auth\",\"user\":\"mallory\",\"extensions\":[\"resume\"],\"resume\":{\"token\":\""
                + token + "\",\"seq\":0}}");
        assertEquals("user", welcome(mallory).getJsonObject("resume").getString("reason"));
        FakeSession ahead = new FakeSession();
        FakeSession owner = new FakeSession();
        online(owner, resume(token, 0));
        assertTrue(welcome(owner).getJsonObject("resume").getBoolean("resumed"));
        assertEquals(id, welcome(owner).getJsonObject("peer").getString("id"));

        FakeSession replayed = new FakeSession();
        online(replayed, resume(token, 0));
        assertEquals("used", welcome(replayed).getJsonObject("resume").getString("reason"));
        online(ahead, resume(welcome(owner).getJsonObject("resume").getString("token"), 999));
        assertEquals("seq", welcome(ahead).getJsonObject("resume").getString("reason"));
        assertEquals(6, stats.total(Counter.RESUME_REFUSALS) + stats.total(Counter.RESUMES));
    }

    @Test
    void aClientThatDoesNotAskSeesNoSeqAndNoResumeFieldAndDepartsAsBefore() {
        handler(Map.of());
        FakeSession aliceSession = new FakeSession();
        FakeSession bobSession = new FakeSession();
        online(aliceSession, "{\"type\":\"auth\",\"user\":\"alice\",\"rooms\":[\"team\"]}");
        Connection bob = online(bobSession, BOB);
        say(bob, 1);
        await().atMost(WAIT).until(() -> said(aliceSession).size() == 1);
        assertNull(welcome(aliceSession).get("resume"));
        assertTrue(frames(aliceSession).stream().noneMatch(f -> f.containsKey("seq")));
        assertTrue(welcome(aliceSession).getJsonArray("extensions").toString().contains("resume"));
        lose(bobSession, bob);
        String bobId = welcome(bobSession).getJsonObject("peer").getString("id");
        await().atMost(WAIT).until(() -> presenceOf(aliceSession, bobId).stream().anyMatch(f -> !f.getJsonObject("data").getBoolean("online")));
    }

    @Test
    void aCloseFrameEndsTheSessionAtOnce() {
        handler(Map.of());
        FakeSession bobSession = new FakeSession();
        FakeSession first = new FakeSession();
        Connection alice = online(first, ALICE + "}");
        online(bobSession, BOB);
        String id = welcome(first).getJsonObject("peer").getString("id");
        handler.receive(alice, "{\"type\":\"close\"}");
        await().atMost(WAIT).until(() -> first.closeReason() != null);
        handler.closed(alice);
        await().atMost(WAIT).until(() -> presenceOf(bobSession, id).stream().anyMatch(f -> !f.getJsonObject("data").getBoolean("online")));
        assertEquals(0, resumes.sessionCount());
    }
}
