package org.symple.server.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;

/**
 * An attempt to take over a user's room while that user is offline: mallory joins it with a {@code join} frame,
 * eve starts in it (auth-frame or session rooms), then the user arrives. Nothing of the user may reach either of
 * them: they are taken out of the room (and hear that they no longer see each other), the user's snapshot, presence
 * and room broadcasts skip them, their messages to the user are dropped, and while the user is online the room is
 * closed to others (a refused join answers 400; a refused auth room is left out of the welcome, without an error).
 */
public final class UserRoomTakeover {

    /** Frames between instances may take a moment longer than within one. */
    private static final Duration WAIT = Duration.ofSeconds(2);

    /** Connects a peer of {@code user} that starts in {@code rooms} (its welcome consumed). */
    @FunctionalInterface
    public interface Connector {
        TestClient connect(String user, String... rooms);
    }

    private UserRoomTakeover() {
    }

    private static JsonObject join(String room) {
        return Json.createObjectBuilder().add("type", "join").add("room", room).build();
    }

    private static JsonObject message(String to, int n) {
        var frame = Json.createObjectBuilder().add("type", "message").add("data", Json.createObjectBuilder().add("n", n));
        return (to == null ? frame : frame.add("to", to)).build();
    }

    private static void assertPresence(TestClient of, boolean online, JsonObject frame) {
        assertEquals("presence", frame.getString("type"), frame::toString);
        assertEquals(of.address(), frame.getString("from"), frame::toString);
        assertEquals(online, frame.getJsonObject("data").getBoolean("online"), frame::toString);
    }

    /**
     * Runs the attempt with user names made unique by {@code tag}: mallory, eve and carol connect through their
     * connectors, the user through {@code ownerSide}.
     */
    public static void assertNothingReachesSquatters(String tag, Connector mallorySide, Connector eveSide, Connector ownerSide) {
        String owner = "bob-" + tag;
        String team = "team-" + tag;
        try (TestClient mallory = mallorySide.connect("mallory-" + tag)) {
            mallory.send(join(owner));
            assertEquals(Json.createObjectBuilder().add("type", "join:ok").add("room", owner).build(), mallory.next(WAIT),
                    "while its user is offline a room is an ordinary room");
            try (TestClient eve = eveSide.connect("eve-" + tag, owner)) {
                assertEquals(List.of(eve.welcomeFrame().getJsonObject("peer").getString("user"), owner), eve.welcomeRooms());
                assertPresence(mallory, true, eve.next(WAIT));
                assertPresence(eve, true, mallory.next(WAIT));
                try (TestClient bob = ownerSide.connect(owner, team)) {
                    assertEquals(List.of(owner, team), bob.welcomeRooms());
                    assertPresence(eve, false, mallory.next(WAIT));
                    assertPresence(mallory, false, eve.next(WAIT));

                    bob.send(message(null, 1));
                    bob.send("{\"type\":\"presence\",\"data\":{\"status\":\"away\"}}");
                    bob.send(Json.createObjectBuilder().add("type", "message").add("to", Json.createArrayBuilder().add(owner))
                            .build());
                    for (TestClient squatter : List.of(mallory, eve)) {
                        squatter.send(message(bob.address(), 2));
                        squatter.send(message(owner, 3));
                        squatter.send(message(bob.id(), 4));
                    }
                    mallory.send(join(owner));
                    assertEquals(Json.createObjectBuilder().add("type", "error").add("status", 400)
                            .add("message", "Room not allowed").build(), mallory.next(WAIT));
                    try (TestClient carol = eveSide.connect("carol-" + tag, owner)) {
                        assertEquals(List.of(carol.welcomeFrame().getJsonObject("peer").getString("user")), carol.welcomeRooms());
                        for (TestClient client : List.of(mallory, eve, bob, carol)) {
                            client.assertQuiet();
                        }
                        for (TestClient client : List.of(mallory, eve, carol)) {
                            assertFalse(client.arrivals().stream().anyMatch(a -> a.text().contains(bob.id())),
                                    () -> client.address() + " received something of " + bob.address() + ": " + client.arrivals());
                        }
                    }
                }
            }
        }
    }
}
