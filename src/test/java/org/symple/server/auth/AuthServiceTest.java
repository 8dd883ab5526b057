package org.symple.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.symple.server.rooms.RoomPolicy;
import org.symple.server.config.Settings;
import org.symple.server.config.SympleConfig;
import org.symple.server.protocol.FrameCodec;

/** Anonymous-mode authentication and the authenticator chain (token mode needs Redis and is tested end to end). */
class AuthServiceTest {

    /** An anonymous-mode service asking these authenticators (no Redis session store needed). */
    private static AuthService anonymous(List<Authenticator> authenticators) {
        return new AuthService(CONFIG, new ListInstance<>(authenticators), null, null, new RoomPolicy(CONFIG));
    }

    private static final SympleConfig CONFIG = SympleConfig.from(Settings.of(Map.of(
            "SYMPLE_MAX_ROOMS", "4", "SYMPLE_MAX_ROOM_NAME", "10")));

    private final List<AuthRequest> asked = new ArrayList<>();

    private static JsonObject json(String text) {
        return FrameCodec.parseObject(text).orElseThrow();
    }

    private Identity accept(String frame, Authenticator... chain) {
        try {
            return anonymous(List.of(chain)).authenticate(json(frame), "10.0.0.7")
                    .toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("refused: " + e, e);
        }
    }

    /** The refusal's status and message, e.g. {@code "401 Missing user field"}. */
    private String refuse(String frame, Authenticator... chain) {
        CompletionStage<Identity> result = anonymous(List.of(chain)).authenticate(json(frame), "10.0.0.7");
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> result.toCompletableFuture().get(5, TimeUnit.SECONDS));
        AuthFailure failure = assertInstanceOf(AuthFailure.class, failed.getCause());
        return failure.status() + " " + failure.getMessage();
    }

    /** An authenticator that records what it was asked and answers {@code decision}. */
    private Authenticator answering(AuthDecision decision) {
        return request -> {
            asked.add(request);
            return CompletableFuture.completedFuture(decision);
        };
    }

    @Test
    void theUserMustBeANonEmptyStringWithoutABar() {
        assertEquals("401 Missing user field", refuse("{\"type\":\"auth\"}"));
        assertEquals("401 Missing user field", refuse("{\"type\":\"auth\",\"user\":\"\"}"));
        assertEquals("401 Missing user field", refuse("{\"type\":\"auth\",\"user\":42}"));
        assertEquals("401 Invalid user field", refuse("{\"type\":\"auth\",\"user\":\"alice|x\"}"));
    }

    @Test
    void theNameFallsBackToTheUser() {
        assertEquals("Alice", accept("{\"user\":\"alice\",\"name\":\"Alice\"}").name());
        assertEquals("alice", accept("{\"user\":\"alice\"}").name());
        assertEquals("alice", accept("{\"user\":\"alice\",\"name\":\"\"}").name());
        assertEquals("alice", accept("{\"user\":\"alice\",\"name\":7}").name());
    }

    @Test
    void roomsStartWithTheUserRoomSkipInvalidEntriesAndStopAtTheLimit() {
        assertEquals(List.of("alice"), accept("{\"user\":\"alice\"}").rooms());
        assertEquals(List.of("alice"), accept("{\"user\":\"alice\",\"rooms\":\"team\"}").rooms());
        assertEquals(List.of("alice", "team", "x"),
                accept("{\"user\":\"alice\",\"rooms\":[\"team\",\"\",5,null,\"alice\",\"much-too-long\",\"team\",\"x\"]}").rooms());
        assertEquals(List.of("alice", "r1", "r2", "r3"),
                accept("{\"user\":\"alice\",\"rooms\":[\"r1\",\"r2\",\"r3\",\"r4\",\"r5\"]}").rooms());
    }

    @Test
    void dataBecomesExtraFieldsWithoutReservedKeys() {
        Identity identity = accept("{\"user\":\"alice\",\"data\":{\"peerType\":\"bot\",\"user\":\"mallory\",\"token\":\"t\",\"rooms\":[\"x\"]}}");
        assertEquals(json("{\"peerType\":\"bot\"}"), identity.extras());
        assertNull(identity.sessionToken());
    }

    @Test
    void anAuthenticatorSeesTheFrameTheDraftAndTheHost() {
        accept("{\"type\":\"auth\",\"user\":\"alice\",\"name\":\"Alice\",\"rooms\":[\"team\"],\"extra\":1}",
                answering(AuthDecision.allow()));

        AuthRequest request = asked.get(0);
        assertEquals(1, request.authData().getInt("extra"));
        assertEquals("alice", request.user());
        assertEquals("Alice", request.name());
        assertEquals(List.of("alice", "team"), request.rooms());
        assertEquals("10.0.0.7", request.host());
    }

    @Test
    void aDenialCarriesTheAuthenticatorsMessageOrTheDefault() {
        assertEquals("401 Banned", refuse("{\"user\":\"alice\"}", answering(AuthDecision.deny("Banned"))));
        assertEquals("401 Authentication failed", refuse("{\"user\":\"alice\"}", answering(AuthDecision.deny(null))));
        assertEquals("401 Authentication failed", refuse("{\"user\":\"alice\"}", answering(AuthDecision.deny(""))));
        assertEquals("401 Authentication failed", refuse("{\"user\":\"alice\"}", answering(null)));
    }

    @Test
    void anAuthenticatorThatThrowsOrFailsLaterRefusesWithItsMessage() {
        assertEquals("401 directory down", refuse("{\"user\":\"alice\"}", request -> {
            throw new IllegalStateException("directory down");
        }));
        assertEquals("401 Authentication failed", refuse("{\"user\":\"alice\"}", request -> {
            throw new IllegalStateException();
        }));
        CompletableFuture<AuthDecision> later = new CompletableFuture<>();
        CompletionStage<Identity> pending = anonymous(List.<Authenticator>of(request -> later))
                .authenticate(json("{\"user\":\"alice\"}"), null);
        assertFalse(pending.toCompletableFuture().isDone(), "the answer is awaited");
        later.completeExceptionally(new RuntimeException("timed out upstream"));
        ExecutionException failed = assertThrows(ExecutionException.class, () -> pending.toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertEquals("timed out upstream", failed.getCause().getMessage());
        assertEquals(401, ((AuthFailure) failed.getCause()).status());
        assertEquals("403 Forbidden", refuse("{\"user\":\"alice\"}",
                request -> CompletableFuture.failedFuture(new AuthFailure(403, "Forbidden"))));
    }

    @Test
    void anAuthenticatorMayRenameTheUserWhoseRoomThenComesFirst() {
        Identity renamed = accept("{\"user\":\"alice\",\"name\":\"Alice\",\"rooms\":[\"team\"]}",
                answering(AuthDecision.allow().withUser("u-42")));
        assertEquals("u-42", renamed.user());
        assertEquals("u-42", renamed.name(), "the claimed name belonged to the claimed user");
        assertEquals(List.of("u-42", "team"), renamed.rooms());

        Identity named = accept("{\"user\":\"alice\",\"name\":\"Alice\"}",
                answering(AuthDecision.allow().withUser("u-42").withName("Alice Liddell")));
        assertEquals("Alice Liddell", named.name());
        assertEquals("Alice", accept("{\"user\":\"alice\",\"name\":\"Alice\"}", answering(AuthDecision.allow().withName(""))).name());

        assertEquals("401 Invalid user field", refuse("{\"user\":\"alice\"}", answering(AuthDecision.allow().withUser("a|b"))));
        assertEquals("401 Invalid user field", refuse("{\"user\":\"alice\"}", answering(AuthDecision.allow().withUser(""))));
    }

    @Test
    void roomsAnAuthenticatorAddsFollowTheRequestedOnesWithinTheSameRules() {
        Identity identity = accept("{\"user\":\"alice\",\"rooms\":[\"team\"]}",
                answering(AuthDecision.allow().withRooms(List.of("staff", "team", "much-too-long", "r3", "r4"))));
        assertEquals(List.of("alice", "team", "staff", "r3"), identity.rooms());
    }

    @Test
    void authenticatorsRunInTurnEachSeeingTheLastOnesResultAndADenialStopsTheChain() {
        Identity identity = accept("{\"user\":\"alice\"}",
                answering(AuthDecision.allow().withUser("u-1").withRooms(List.of("a"))),
                answering(AuthDecision.allow().withRooms(List.of("b"))));
        assertEquals("u-1", asked.get(1).user());
        assertEquals(List.of("u-1", "a"), asked.get(1).rooms());
        assertEquals(List.of("u-1", "a", "b"), identity.rooms());

        asked.clear();
        assertEquals("401 No", refuse("{\"user\":\"alice\"}",
                answering(AuthDecision.deny("No")), answering(AuthDecision.allow())));
        assertEquals(1, asked.size());
        assertTrue(asked.get(0).authData().containsKey("user"));
    }
}
