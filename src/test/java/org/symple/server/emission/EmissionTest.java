package org.symple.server.emission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.symple.server.rooms.RoomIndex;

class EmissionTest {

    private final RoomIndex rooms = new RoomIndex();

    @BeforeEach
    void teams() {
        rooms.join("A", "alice");
        rooms.join("A", "team-a");
        rooms.join("A", "x");
        rooms.join("B", "bob");
        rooms.join("B", "team-a");
        rooms.join("B", "x");
        rooms.join("B2", "bob");
        rooms.join("E", "eve");
        rooms.join("E", "team-b");
    }

    private Set<String> recipients(String json) {
        JsonObject published = Json.createReader(new StringReader(json)).readObject();
        return Emission.recipients(published, rooms);
    }

    @Test
    void aRoomNameReachesEveryMember() {
        assertEquals(Set.of("A", "B"), recipients("{\"type\":\"message\",\"from\":\"rails\",\"to\":\"team-a\"}"));
    }

    @Test
    void aUserNameReachesEverySessionOfTheUser() {
        assertEquals(Set.of("B", "B2"), recipients("{\"to\":\"bob\"}"));
    }

    @Test
    void aFullAddressReachesThatSessionWhateverItsRooms() {
        assertEquals(Set.of("E"), recipients("{\"to\":\"eve|E\"}"));
        assertEquals(Set.of("E"), recipients("{\"to\":\"somebody-else|E\"}"));
        assertEquals(Set.of("b|c"), recipients("{\"to\":\"a|b|c\"}"));
    }

    @Test
    void anAddressWithoutAnIdReachesNobody() {
        assertEquals(Set.of(), recipients("{\"to\":\"bob|\"}"));
        assertEquals(Set.of(), recipients("{\"to\":\"\"}"));
    }

    @Test
    void aRoomListReachesEachMemberOnce() {
        assertEquals(Set.of("A", "B"), recipients("{\"to\":[\"team-a\",\"x\",\"team-a\"]}"));
        assertEquals(Set.of("A", "B", "E"), recipients("{\"to\":[\"team-a\",\"team-b\",5,\"\",null,\"nowhere\"]}"));
    }

    @Test
    void withoutToTheRoomsFieldIsTheTarget() {
        assertEquals(Set.of("E"), recipients("{\"type\":\"message\",\"rooms\":[\"team-b\"],\"data\":{}}"));
        assertEquals(Set.of("E"), recipients("{\"to\":null,\"rooms\":[\"team-b\"]}"));
    }

    @Test
    void withoutToOrRoomsNobodyIsReached() {
        assertEquals(Set.of(), recipients("{\"type\":\"message\",\"data\":{}}"));
        assertEquals(Set.of(), recipients("{\"rooms\":\"team-b\"}"));
    }

    @Test
    void aToOfAnotherTypeReachesNobodyEvenWithRooms() {
        assertEquals(Set.of(), recipients("{\"to\":5,\"rooms\":[\"team-b\"]}"));
        assertEquals(Set.of(), recipients("{\"to\":{\"room\":\"team-a\"}}"));
        assertEquals(Set.of(), recipients("{\"to\":true}"));
    }
}
