package org.symple.server.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.symple.server.rooms.RoomIndex;

/** Who receives a peer's frame, on a fixture of teams: alice and bob in team-a and x, eve in team-b, carol alone. */
class RoutePolicyTest {

    private final RoomIndex rooms = new RoomIndex();
    private final Map<String, String> users = new HashMap<>();
    private final RoutePolicy policy = new RoutePolicy(rooms, users::get);

    @BeforeEach
    void teams() {
        join("A", "alice", "team-a", "x");
        join("B", "bob", "team-a", "x");
        join("E", "eve", "team-b");
        join("C", "carol");
    }

    private void join(String id, String user, String... extra) {
        users.put(id, user);
        rooms.join(id, user);
        for (String room : extra) {
            rooms.join(id, room);
        }
    }

    private Set<String> route(String sender, JsonValue to) {
        return policy.recipients(sender, to);
    }

    private static JsonValue text(String to) {
        return Json.createValue(to);
    }

    @Test
    void noToReachesEveryCoMemberOnce() {
        assertEquals(Set.of("B"), route("A", null));
        assertEquals(Set.of(), route("C", null));
    }

    @Test
    void fullAddressNeedsASharedRoom() {
        assertEquals(Set.of("B"), route("A", text("bob|B")));
        assertEquals(Set.of(), route("A", text("eve|E")));
        assertEquals(Set.of(), route("A", text("ghost|nope")));
    }

    @Test
    void theIdIsEverythingAfterTheFirstBar() {
        assertEquals(Set.of(), route("A", text("bob|B|extra")));
        assertEquals(Set.of(), route("A", text("bob|")));
    }

    @Test
    void userAddressReachesSessionsSharingARoomExceptTheSender() {
        join("B2", "bob", "team-a");
        join("A2", "alice");
        assertEquals(Set.of("B", "B2"), route("A", text("bob")));
        assertEquals(Set.of(), route("E", text("bob")));
        assertEquals(Set.of("A2"), route("A", text("alice")));
    }

    @Test
    void aPlainNameFromANonMemberReachesOnlyThatUsersSessions() {
        join("M", "mallory", "x");
        rooms.join("M", "dave"); // entered while no user dave was online
        assertEquals(Set.of(), route("A", text("dave")));
        join("D", "dave", "x");
        assertEquals(Set.of("D"), route("A", text("dave")));
        assertEquals(Set.of("D"), route("M", text("dave")), "a member addresses the room");
    }

    @Test
    void aPlainNameFromAMemberAddressesTheRoom() {
        join("F", "frank", "x");
        assertEquals(Set.of("B", "F"), route("A", text("x")));
        assertEquals(Set.of(), route("E", text("x")));
    }

    @Test
    void roomArraysNeedMembershipAndAreDeduplicated() {
        assertEquals(Set.of("B"), route("A", Json.createArrayBuilder().add("team-a").add("x").build()));
        assertEquals(Set.of("B"), route("A", Json.createArrayBuilder().add("team-a").add("team-b").build()));
        assertEquals(Set.of(), route("C", Json.createArrayBuilder().add("x").build()));
        assertEquals(Set.of("B"), route("A", Json.createArrayBuilder().add(5).add("x").addNull().build()));
    }

    @Test
    void otherTypesAndEmptyStringsReachNobody() {
        assertEquals(Set.of(), route("A", JsonValue.NULL));
        assertEquals(Set.of(), route("A", Json.createValue(5)));
        assertEquals(Set.of(), route("A", JsonValue.TRUE));
        assertEquals(Set.of(), route("A", Json.createObjectBuilder().add("a", 1).build()));
        assertEquals(Set.of(), route("A", text("")));
    }

    @Test
    void aBareSessionIdIsAFullAddressWhenNoSuchRoomExists() {
        assertEquals(Set.of("B"), route("A", text("B")));
        assertEquals(Set.of(), route("A", text("E")));
    }

    @Test
    void aPeerMayAddressItself() {
        assertEquals(Set.of("A"), route("A", text("alice|A")));
    }
}
