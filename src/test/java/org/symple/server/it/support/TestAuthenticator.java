package org.symple.server.it.support;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.symple.server.auth.AuthDecision;
import org.symple.server.auth.AuthRequest;
import org.symple.server.auth.Authenticator;

/**
 * An application authenticator for tests, steered by the auth frame's {@code hook} field: deny, throw, fail,
 * delay (300 ms), rename; {@code hookRooms} are added. Users named {@code js-*} get the room {@code js-team}, the
 * way an application assigns rooms to clients that send nothing but their name.
 */
@ApplicationScoped
public class TestAuthenticator implements Authenticator {

    @Override
    public CompletionStage<AuthDecision> authenticate(AuthRequest request) {
        JsonObject auth = request.authData();
        List<String> rooms = auth.containsKey("hookRooms")
                ? auth.getJsonArray("hookRooms").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList()
                : request.user().startsWith("js-") ? List.of("js-team") : List.of();
        AuthDecision allow = AuthDecision.allow().withRooms(rooms);
        return switch (auth.getString("hook", "")) {
            case "deny" -> CompletableFuture.completedFuture(AuthDecision.deny("Bad token"));
            case "throw" -> throw new IllegalStateException("boom");
            case "fail" -> CompletableFuture.failedFuture(new IllegalStateException("async boom"));
            case "delay" -> CompletableFuture.supplyAsync(() -> allow,
                    CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));
            case "rename" -> CompletableFuture.completedFuture(allow.withUser("canonical-" + request.user()).withName("Canonical"));
            default -> CompletableFuture.completedFuture(allow);
        };
    }
}
