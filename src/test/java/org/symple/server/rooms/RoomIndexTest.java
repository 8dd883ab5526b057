package org.symple.server.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoomIndexTest {

    @Test
    void joinAndLeaveKeepBothDirectionsInStepAndDropEmptyRooms() {
        RoomIndex index = new RoomIndex();
        assertTrue(index.join("a", "r"));
        assertFalse(index.join("a", "r"));
        index.join("b", "r");
        assertEquals(Set.of("a", "b"), index.members("r"));
        assertEquals(Set.of("r"), index.roomsOf("a"));
        assertTrue(index.leave("a", "r"));
        assertFalse(index.leave("a", "r"));
        index.leave("b", "r");
        assertFalse(index.exists("r"));
        assertEquals(0, index.roomCount());
    }

    @Test
    void leaveAllRemovesTheMemberEverywhere() {
        RoomIndex index = new RoomIndex();
        index.join("a", "x");
        index.join("a", "y");
        index.join("b", "y");
        assertEquals(Set.of("x", "y"), index.leaveAll("a"));
        assertFalse(index.exists("x"));
        assertEquals(Set.of("b"), index.members("y"));
        assertEquals(Set.of(), index.roomsOf("a"));
    }

    @Test
    void recipientsAreDeduplicatedAcrossRoomsAndExcludeTheSender() {
        RoomIndex index = new RoomIndex();
        for (String room : List.of("team-a", "x")) {
            index.join("alice", room);
            index.join("bob", room);
        }
        index.join("eve", "team-b");
        assertEquals(Set.of("bob"), index.recipients(List.of("team-a", "x"), "alice"));
        assertEquals(Set.of("bob"), index.coMembers("alice"));
        assertTrue(index.sharesRoom("alice", "bob"));
        assertFalse(index.sharesRoom("alice", "eve"));
    }

    @Test
    void theBenchmarkFixtureYields448Recipients() {
        RoomIndex index = new RoomIndex();
        for (int room = 0; room < 8; room++) {
            for (int member = 64 * room; member < 64 * room + 256; member++) {
                index.join("peer-" + member, "room-" + room);
            }
        }
        Set<String> recipients = index.recipients(List.of("room-1", "room-2", "room-3", "room-4"), "peer-0");
        assertEquals(448, recipients.size());
        assertTrue(recipients.contains("peer-64"));
        assertTrue(recipients.contains("peer-511"));
        assertFalse(recipients.contains("peer-63"));
    }

    @Test
    void beyondThePresenceLimitNewMembersAreSilentButStillMembers() {
        RoomIndex index = new RoomIndex(2);
        index.join("a", "big");
        index.join("b", "big");
        index.join("c", "big");
        index.join("c", "small");
        index.join("a", "small");

        assertTrue(index.isSilent("c", "big"));
        assertFalse(index.isSilent("b", "big"));
        assertEquals(Set.of("a", "b", "c"), index.members("big"), "a silent member is a member: it gets messages");
        assertEquals(Set.of("b", "c"), index.recipients(List.of("big"), "a"));
        assertEquals(Set.of("b"), index.presenceRecipients(List.of("big"), "a"));
        assertEquals(Set.of(), index.presenceRecipients(List.of("big"), "c"), "a silent member's presence reaches nobody there");
        assertEquals(Set.of("a"), index.presenceCoMembers("c"), "it still sees through a small room it shares");
        assertEquals(Set.of("small"), index.seeingRooms("c"));
        assertEquals(Set.of("b", "c"), index.presenceCoMembers("a"));
    }

    @Test
    void aSilentMemberStaysSilentAndASeatFreedGoesToTheNextJoiner() {
        RoomIndex index = new RoomIndex(2);
        index.join("a", "big");
        index.join("b", "big");
        index.join("c", "big");
        index.leave("a", "big");

        assertTrue(index.isSilent("c", "big"), "silent while it stays in the room");
        index.join("d", "big");
        assertFalse(index.isSilent("d", "big"), "a seat was free");
        index.join("e", "big");
        assertTrue(index.isSilent("e", "big"));
        index.leaveAll("c");
        assertFalse(index.isSilent("c", "big"));
        assertEquals(Set.of("b", "d"), index.presenceRecipients(List.of("big"), "x"));
    }

    @Test
    void aMemberPlacedByItsOwnInstancesDecisionIsSeeingOrSilentAsToldWhateverTheCountHere() {
        RoomIndex index = new RoomIndex(2);
        index.join("a", "big");
        index.join("b", "big");

        assertTrue(index.place("r", "big", false), "seeing, as its instance admitted it, beyond this index's count");
        assertFalse(index.isSilent("r", "big"));
        assertEquals(Set.of("a", "b"), index.presenceCoMembers("r"));
        assertTrue(index.place("s", "small", true));
        assertEquals(Set.of("small"), index.silentRooms("s"));
        assertEquals(Set.of(), index.silentRooms("r"));

        assertFalse(index.place("r", "big", false), "the same decision again changes nothing");
        assertTrue(index.place("r", "big", true), "a member already there takes a new decision");
        assertEquals(Set.of("big"), index.silentRooms("r"));
        assertEquals(Set.of(), index.presenceCoMembers("r"));
        assertTrue(index.place("r", "big", false));
        assertEquals(Set.of("a", "b", "r"), index.presenceRecipients(List.of("big"), "x"));
        index.join("c", "big");
        assertTrue(index.isSilent("c", "big"), "three seeing members already: the next joiner here is silent");
    }
}
