package org.symple.server.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.symple.server.config.SympleConfig;
import org.symple.server.peers.Peer;
import org.symple.server.protocol.Address;
import org.symple.server.protocol.ErrorCode;
import org.symple.server.protocol.FrameCodec;
import org.symple.server.rooms.RoomPolicy;
import org.symple.server.runtime.Scheduler;

/**
 * Turns an {@code auth} frame into an {@link Identity}: validates the user, in token mode
 * looks the session up in Redis and takes the identity from it, picks the name and the rooms the peer may start
 * in, then asks the application's {@link Authenticator}s, if any. Fails with an {@link AuthFailure}.
 */
@ApplicationScoped
public class AuthService {

    private final SympleConfig config;
    private final Instance<Authenticator> authenticators;
    private final RedisSessionStore sessions;
    private final Scheduler scheduler;
    private final RoomPolicy roomPolicy;

    /** For the container's client proxy. */
    protected AuthService() {
        this(null, null, null, null, null);
    }

    /** @param authenticators the application's {@link Authenticator}s, asked in turn after the server's own checks */
    @Inject
    public AuthService(SympleConfig config, @Any Instance<Authenticator> authenticators, RedisSessionStore sessions,
            Scheduler scheduler, RoomPolicy roomPolicy) {
        this.config = config;
        this.authenticators = authenticators;
        this.sessions = sessions;
        this.scheduler = scheduler;
        this.roomPolicy = roomPolicy;
    }

    public CompletionStage<Identity> authenticate(JsonObject frame, String host) {
        String user = FrameCodec.string(frame, "user");
        if (user == null || user.isEmpty()) {
            return CompletableFuture.failedFuture(new AuthFailure(ErrorCode.MISSING_USER));
        }
        if (Address.hasSeparator(user)) {
            return CompletableFuture.failedFuture(new AuthFailure(ErrorCode.INVALID_USER));
        }
        if (config.auth().tokens()) {
            String token = FrameCodec.string(frame, "token");
            if (token == null || token.isEmpty()) {
                return CompletableFuture.failedFuture(new AuthFailure(ErrorCode.MISSING_TOKEN));
            }
            // The lookup completes on a Redis thread; the rest (the application's hook included) runs on ours.
            return sessions.find(token).thenComposeAsync(session -> withSession(frame, session, token, host), scheduler);
        }
        String name = nonEmpty(FrameCodec.string(frame, "name"), user);
        List<String> rooms = roomPolicy.startingRooms(user, strings(frame.get("rooms")));
        return consultAuthenticators(frame, new Identity(user, name, rooms, extras(frame)), host);
    }

    /**
     * Token mode: the session's {@code user} is the identity, its {@code name} wins over the frame's,
     * the rooms are the user room plus the session's (the frame's {@code rooms} are ignored). The hook then sees the
     * frame overlaid with the session, token included.
     */
    private CompletionStage<Identity> withSession(JsonObject frame, JsonObject session, String token, String host) {
        String user = FrameCodec.string(frame, "user");
        if (session.containsKey("user")) {
            String sessionUser = FrameCodec.string(session, "user");
            if (sessionUser == null || sessionUser.isEmpty() || Address.hasSeparator(sessionUser)) {
                throw new AuthFailure(ErrorCode.INVALID_SESSION);
            }
            user = sessionUser;
        }
        String name = nonEmpty(FrameCodec.string(session, "name"), nonEmpty(FrameCodec.string(frame, "name"), user));
        List<String> rooms = roomPolicy.startingRooms(user, strings(session.get("rooms")));
        JsonObjectBuilder merged = FrameCodec.JSON.createObjectBuilder(frame);
        session.forEach(merged::add);
        return consultAuthenticators(merged.build(), new Identity(user, name, rooms, extras(frame), token), host);
    }

    /** The auth frame's {@code data} fields that may become peer fields (never identity, token or rooms). */
    private static JsonObject extras(JsonObject frame) {
        JsonValue data = frame.get("data");
        return data != null && data.getValueType() == JsonValue.ValueType.OBJECT
                ? Peer.withoutReserved(data.asJsonObject()) : JsonValue.EMPTY_JSON_OBJECT;
    }

    private CompletionStage<Identity> consultAuthenticators(JsonObject authData, Identity draft, String host) {
        CompletionStage<Identity> result = CompletableFuture.completedFuture(draft);
        for (Authenticator authenticator : authenticators) {
            result = result.thenCompose(identity -> ask(authenticator, authData, identity, host));
        }
        return result;
    }

    private CompletionStage<Identity> ask(Authenticator authenticator, JsonObject authData, Identity identity, String host) {
        CompletionStage<AuthDecision> decision;
        try {
            decision = authenticator.authenticate(
                    new AuthRequest(authData, identity.user(), identity.name(), identity.rooms(), host));
        } catch (RuntimeException thrown) {
            decision = CompletableFuture.failedFuture(thrown);
        }
        return decision.handle((answer, error) -> {
            if (error != null) {
                throw failure(error);
            }
            if (answer == null || !answer.allowed()) {
                String message = answer == null ? null : answer.message();
                throw new AuthFailure(401, nonEmpty(message, ErrorCode.AUTH_FAILED.message()));
            }
            return apply(identity, answer);
        });
    }

    private Identity apply(Identity identity, AuthDecision decision) {
        String user = identity.user();
        if (decision.user() != null) {
            if (decision.user().isEmpty() || Address.hasSeparator(decision.user())) {
                throw new AuthFailure(ErrorCode.INVALID_USER);
            }
            user = decision.user();
        }
        List<String> requested = new ArrayList<>(identity.rooms().subList(1, identity.rooms().size()));
        requested.addAll(decision.rooms());
        List<String> rooms = roomPolicy.startingRooms(user, requested);
        String name = decision.name() != null && !decision.name().isEmpty() ? decision.name()
                : user.equals(identity.user()) ? identity.name() : user;
        return new Identity(user, name, rooms, identity.extras(), identity.sessionToken());
    }

    /** The string entries of a JSON array; nothing when the value is not an array. */
    private static List<String> strings(JsonValue requested) {
        if (requested == null || requested.getValueType() != JsonValue.ValueType.ARRAY) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (JsonValue room : requested.asJsonArray()) {
            if (room.getValueType() == JsonValue.ValueType.STRING) {
                names.add(((JsonString) room).getString());
            }
        }
        return names;
    }

    private static AuthFailure failure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof AuthFailure failure) {
            return failure;
        }
        return new AuthFailure(401, nonEmpty(cause.getMessage(), ErrorCode.AUTH_FAILED.message()));
    }

    private static String nonEmpty(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }
}
