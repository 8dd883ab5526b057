package org.symple.server.connection;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.websocket.CloseReason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.symple.server.resume.ResumeService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.symple.server.api.PeerEvents;
import org.symple.server.auth.AuthDecision;
import org.symple.server.auth.AuthService;
import org.symple.server.auth.Authenticator;
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
import org.symple.server.rooms.RoomPolicy;
import org.symple.server.routing.Router;
import org.symple.server.runtime.Scheduler;

/**
 * The connection life cycle on a fake WebSocket session, with the real services behind it (anonymous mode). Closes
 * run on the scheduler, so they are awaited.
 */
class ProtocolHandlerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String AUTH = "{\"type\":\"auth\",\"user\":\"alice\"}";

    private final Scheduler scheduler = new Scheduler();
    private final PeerRegistry registry = new PeerRegistry();
    private final RecordingBroker broker = new RecordingBroker();
    private final ConnectionRegistry connections = new ConnectionRegistry();
    private final Metrics stats = new Metrics();
    private final AtomicInteger authentications = new AtomicInteger();
    private final SteppingClock clock = new SteppingClock(Instant.ofEpochSecond(1_767_139_200L)); // 2025-12-31 UTC
    private final AtomicLong wallClock = new AtomicLong(1_767_139_200_000L);
    private ProtocolHandler handler;
    private ResumeService resumes;

    @BeforeEach
    void startScheduler() {
        scheduler.start();
    }

    @AfterEach
    void stopScheduler() {
        scheduler.stop();
    }

    /** A handler with the default settings except {@code settings}, and the given authenticators. */
    private ProtocolHandler handler(Map<String, String> settings, Authenticator... authenticators) {
        Map<String, String> all = new HashMap<>(Map.of("SYMPLE_PING_INTERVAL", "0"));
        all.putAll(settings);
        SympleConfig config = SympleConfig.from(Settings.of(all));
        Router router = new Router(registry, broker, stats);
        RoomPolicy rooms = new RoomPolicy(config);
        AuthService auth = new AuthService(config, new ListInstance<>(List.of(authenticators)), null, scheduler, rooms);
        PresenceService presence = new PresenceService(registry, broker, rooms, router, config);
        PeerEvents events = new PeerEvents(null, null, false, false);
        resumes = new ResumeService(config.resume(), registry, presence, events, stats, scheduler, wallClock::get, broker);
        handler = new ProtocolHandler(config, connections, scheduler, auth, new SessionRefresher(config, null, scheduler),
                presence, router, stats, events, new IceServers(config.ice(), clock), resumes);
        return handler;
    }

    /** An authenticator that counts its calls and answers with {@code answer}. */
    private Authenticator pending(CompletableFuture<AuthDecision> answer) {
        return request -> {
            authentications.incrementAndGet();
            return answer;
        };
    }

    private static List<String> types(FakeSession session) {
        return session.sent().stream().map(text -> FrameCodec.parseObject(text).orElseThrow().getString("type")).toList();
    }

    private static JsonObject frame(FakeSession session, int index) {
        return FrameCodec.parseObject(session.sent().get(index)).orElseThrow();
    }

    /** Waits for the server's close and returns its reason. */
    private static CloseReason awaitClose(FakeSession session) {
        await().atMost(WAIT).until(() -> session.closeReason() != null);
        return session.closeReason();
    }

    private void assertError(FakeSession session, int status, String message, CloseReason.CloseCodes closeCode) {
        CloseReason reason = awaitClose(session);
        assertEquals(closeCode.getCode(), reason.getCloseCode().getCode());
        JsonObject last = frame(session, session.sent().size() - 1);
        assertEquals("error", last.getString("type"));
        assertEquals(status, last.getInt("status"));
        assertEquals(message, last.getString("message"));
        await().atMost(WAIT).until(() -> connections.size() == 0);
    }

    private Connection online(FakeSession session) {
        Connection connection = handler.open(session, "127.0.0.1");
        handler.receive(connection, AUTH);
        await().atMost(WAIT).until(() -> connection.state() == Connection.State.ONLINE);
        return connection;
    }

    @Test
    void anAuthenticationWelcomesThePeerAndRegistersIt() {
        handler(Map.of());
        FakeSession session = new FakeSession();
        Connection connection = online(session);

        JsonObject welcome = frame(session, 0);
        assertEquals("welcome", welcome.getString("type"));
        assertEquals(200, welcome.getInt("status"));
        assertEquals("alice", welcome.getJsonObject("peer").getString("user"));
        assertEquals(1, registry.peerCount());
        assertEquals(connection.peer(), registry.peers().iterator().next());
        assertEquals(1, connections.size());
        assertNull(session.closeReason());
    }

    @Test
    void aSocketThatDoesNotAuthenticateInTimeGets408AndIsClosed() {
        handler(Map.of("SYMPLE_AUTH_TIMEOUT", "0.2"));
        FakeSession session = new FakeSession();
        handler.open(session, "127.0.0.1");

        assertError(session, 408, "Authentication timeout", CloseReason.CloseCodes.VIOLATED_POLICY);
        assertEquals(List.of("error"), types(session));
        assertEquals(1, stats.total(Counter.AUTH_TIMEOUTS));
    }

    @Test
    void theAuthDeadlineHoldsWhileAnAuthenticatorIsPendingAndALateAnswerRegistersNobody() {
        CompletableFuture<AuthDecision> answer = new CompletableFuture<>();
        handler(Map.of("SYMPLE_AUTH_TIMEOUT", "0.2"), pending(answer));
        FakeSession session = new FakeSession();
        Connection connection = handler.open(session, "127.0.0.1");
        handler.receive(connection, AUTH);

        assertError(session, 408, "Authentication timeout", CloseReason.CloseCodes.VIOLATED_POLICY);
        answer.complete(AuthDecision.allow());

        assertEquals(List.of("error"), types(session));
        assertEquals(0, registry.peerCount());
        assertEquals(List.of(), broker.calls());
    }

    @Test
    void aFirstFrameOtherThanAuthGets401AndIsClosedWhileUnparseableFramesAreIgnored() {
        handler(Map.of());
        FakeSession session = new FakeSession();
        Connection connection = handler.open(session, "127.0.0.1");

        handler.receive(connection, "null");
        handler.receive(connection, "[1,2]");
        handler.receive(connection, "not json");
        assertEquals(List.of(), session.sent());
        assertTrue(session.isOpen());

        handler.receive(connection, "{\"type\":\"message\",\"to\":\"bob\"}");
        assertError(session, 401, "Not authenticated", CloseReason.CloseCodes.VIOLATED_POLICY);
        assertEquals(0, registry.peerCount());
    }

    @Test
    void aSocketAuthenticatesOnlyOnce() {
        CompletableFuture<AuthDecision> answer = new CompletableFuture<>();
        handler(Map.of(), pending(answer));
        FakeSession session = new FakeSession();
        Connection connection = handler.open(session, "127.0.0.1");

        handler.receive(connection, AUTH);
        handler.receive(connection, "{\"type\":\"auth\",\"user\":\"mallory\"}");
        assertEquals(1, authentications.get(), "a second auth while the first is pending is ignored");
        assertEquals(List.of(), session.sent());

        answer.complete(AuthDecision.allow());
        await().atMost(WAIT).until(() -> connection.state() == Connection.State.ONLINE);
        handler.receive(connection, "{\"type\":\"auth\",\"user\":\"mallory\"}");

        assertEquals(1, authentications.get());
        assertEquals(List.of("welcome"), types(session));
        assertEquals("alice", connection.peer().user());
        assertEquals(1, registry.peerCount());
        assertTrue(session.isOpen());
    }

    @Test
    void aFailedAuthenticationGets401AndIsClosed() {
        handler(Map.of(), pending(CompletableFuture.completedFuture(AuthDecision.deny("Banned"))));
        FakeSession session = new FakeSession();
        Connection connection = handler.open(session, "127.0.0.1");

        handler.receive(connection, AUTH);

        assertError(session, 401, "Banned", CloseReason.CloseCodes.VIOLATED_POLICY);
        assertEquals(0, registry.peerCount());
    }

    @Test
    void anOversizedFrameGets413AndIsClosed() {
        handler(Map.of("SYMPLE_MAX_MESSAGE_SIZE", "64"));
        FakeSession session = new FakeSession();
        Connection connection = online(session);

        handler.receive(connection, "{\"type\":\"message\",\"data\":\"" + "é".repeat(30) + "\"}");

        assertError(session, 413, "Message too large", CloseReason.CloseCodes.VIOLATED_POLICY);
        assertEquals(1, stats.total(Counter.OVERSIZE));
        await().atMost(WAIT).until(() -> registry.peerCount() == 0);
    }

    @Test
    void aPeerOverTheRateLimitGets429AndIsClosed() {
        handler(Map.of("SYMPLE_RATE_LIMIT", "3", "SYMPLE_RATE_SECONDS", "3600"));
        FakeSession session = new FakeSession();
        Connection connection = online(session);

        for (int i = 0; i < 3; i++) {
            handler.receive(connection, "{\"type\":\"join\",\"room\":\"r" + i + "\"}");
        }
        assertEquals(List.of("welcome", "join:ok", "join:ok", "join:ok"), types(session));
        assertTrue(session.isOpen());
        handler.receive(connection, "{\"type\":\"join\",\"room\":\"r3\"}");

        assertError(session, 429, "Rate limit exceeded", CloseReason.CloseCodes.VIOLATED_POLICY);
        assertEquals(1, stats.total(Counter.RATE_LIMITED));
        assertEquals(0, registry.peerCount());
        assertEquals(0, registry.rooms().roomCount());
    }

    @Test
    void aCloseFrameClosesNormallyAndThePeerDeparts() {
        handler(Map.of());
        FakeSession session = new FakeSession();
        Connection connection = online(session);
        String id = connection.peer().id();

        handler.receive(connection, "{\"type\":\"close\"}");

        CloseReason reason = awaitClose(session);
        assertEquals(CloseReason.CloseCodes.NORMAL_CLOSURE.getCode(), reason.getCloseCode().getCode());
        await().atMost(WAIT).until(() -> registry.peerCount() == 0);
        assertEquals(0, connections.size());
        assertEquals("departed " + id, broker.calls().get(broker.calls().size() - 1));
    }

    @Test
    void aCloseWhileAuthenticationIsPendingNeverRegistersAGhost() {
        CompletableFuture<AuthDecision> answer = new CompletableFuture<>();
        handler(Map.of(), pending(answer));
        FakeSession session = new FakeSession();
        Connection connection = handler.open(session, "127.0.0.1");
        handler.receive(connection, AUTH);

        session.drop();
        handler.closed(connection);
        answer.complete(AuthDecision.allow());

        assertEquals(List.of(), session.sent());
        assertEquals(0, registry.peerCount());
        assertEquals(List.of(), broker.calls());
        assertEquals(0, connections.size());
        assertEquals(Connection.State.CLOSED, connection.state());
    }

    @Test
    void withoutIceSettingsTheWelcomeCarriesNoIceFieldsAndIceRefreshIsIgnoredLikeAnyUnknownType() {
        handler(Map.of());
        FakeSession session = new FakeSession();
        Connection connection = online(session);

        assertEquals(Set.of("type", "protocol", "status", "peer", "rooms", "extensions"), frame(session, 0).keySet());
        handler.receive(connection, "{\"type\":\"ice:refresh\"}");
        assertEquals(List.of("welcome"), types(session));
        assertTrue(session.isOpen());
    }

    /**
     * The credential is checked against openssl (see TurnCredentialTest): expiry 1767225600 is one day after the
     * clock, and the user is the canonical one the authenticator chose, not the one the auth frame claimed.
     */
    @Test
    void withTurnTheWelcomeCarriesCredentialsForTheCanonicalUserAndARefreshAnswersOnlyTheAsker() {
        handler(Map.of("SYMPLE_STUN_URLS", "stun:stun.example:3478", "SYMPLE_TURN_URLS",
                "turn:turn.example:3478?transport=udp, turns:turn.example:5349", "SYMPLE_TURN_SECRET", "north-wind"),
                request -> CompletableFuture.completedFuture(AuthDecision.allow().withUser("alice")));
        FakeSession session = new FakeSession();
        Connection connection = handler.open(session, "127.0.0.1");
        handler.receive(connection, "{\"type\":\"auth\",\"user\":\"mallory\"}");
        await().atMost(WAIT).until(() -> connection.state() == Connection.State.ONLINE);
        FakeSession other = new FakeSession();
        online(other);

        JsonObject welcome = frame(session, 0);
        assertEquals(Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("urls", Json.createArrayBuilder().add("stun:stun.example:3478")))
                .add(Json.createObjectBuilder()
                        .add("urls", Json.createArrayBuilder().add("turn:turn.example:3478?transport=udp")
                                .add("turns:turn.example:5349"))
                        .add("username", "1767225600:alice").add("credential", "55PlDxMJVdufSCmWzN2r2q6QUZA="))
                .build(), welcome.getJsonArray("iceServers"));
        assertEquals(86_400, welcome.getInt("iceServersTtl"));
        assertEquals(List.of("ice-refresh", "presence-batch", "resume"), welcome.getJsonArray("extensions").getValuesAs(JsonString::getString));

        int seenByOther = other.sent().size();
        clock.advance(Duration.ofSeconds(3600));
        handler.receive(connection, "{\"type\":\"ice:refresh\"}");
        await().atMost(WAIT).until(() -> types(session).contains("ice:servers"));
        JsonObject fresh = frame(session, session.sent().size() - 1);
        assertEquals("ice:servers", fresh.getString("type"));
        assertEquals(86_400, fresh.getInt("iceServersTtl"));
        assertEquals("1767229200:alice", fresh.getJsonArray("iceServers").getJsonObject(1).getString("username"));
        assertEquals(seenByOther, other.sent().size(), "another peer heard of the refresh");
        assertTrue(session.sent().stream().noneMatch(text -> text.contains("north-wind")));
    }

    @Test
    void withStunOnlyTheWelcomeCarriesTheStunUrlsAndNoRefreshExtension() {
        handler(Map.of("SYMPLE_STUN_URLS", "stun:stun.example:3478"));
        FakeSession session = new FakeSession();
        Connection connection = online(session);

        JsonObject welcome = frame(session, 0);
        assertEquals(Json.createArrayBuilder().add(Json.createObjectBuilder()
                .add("urls", Json.createArrayBuilder().add("stun:stun.example:3478"))).build(), welcome.getJsonArray("iceServers"));
        assertTrue(!welcome.containsKey("iceServersTtl"), welcome::toString);
        assertEquals(List.of("presence-batch", "resume"), welcome.getJsonArray("extensions").getValuesAs(JsonString::getString));
        handler.receive(connection, "{\"type\":\"ice:refresh\"}");
        assertEquals(List.of("welcome"), types(session));
    }

    /** A clock that stands still until told to move. */
    private static final class SteppingClock extends Clock {

        private volatile Instant now;

        SteppingClock(Instant start) {
            now = start;
        }

        void advance(Duration step) {
            now = now.plus(step);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
