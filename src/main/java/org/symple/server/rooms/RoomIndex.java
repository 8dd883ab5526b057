package org.symple.server.rooms;

import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Room membership in both directions: room to members and member to rooms. Reads are lock-free;
 * changes are serialised, and a room disappears with its last member.
 */
public final class RoomIndex {

    private final ConcurrentHashMap<String, Set<String>> membersByRoom = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<String>> roomsByMember = new ConcurrentHashMap<>();

    /** Adds the member to the room; false when it was already there. */
    public synchronized boolean join(String member, String room) {
        boolean added = membersByRoom.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet()).add(member);
        roomsByMember.computeIfAbsent(member, m -> ConcurrentHashMap.newKeySet()).add(room);
        return added;
    }

    /** Removes the member from the room; false when it was not there. */
    public synchronized boolean leave(String member, String room) {
        Set<String> members = membersByRoom.get(room);
        boolean removed = members != null && members.remove(member);
        if (members != null && members.isEmpty()) {
            membersByRoom.remove(room);
        }
        Set<String> rooms = roomsByMember.get(member);
        if (rooms != null) {
            rooms.remove(room);
            if (rooms.isEmpty()) {
                roomsByMember.remove(member);
            }
        }
        return removed;
    }

    /** Removes the member from every room and returns the rooms it was in. */
    public synchronized Set<String> leaveAll(String member) {
        Set<String> rooms = roomsByMember.remove(member);
        if (rooms == null) {
            return Set.of();
        }
        for (String room : rooms) {
            Set<String> members = membersByRoom.get(room);
            if (members != null) {
                members.remove(member);
                if (members.isEmpty()) {
                    membersByRoom.remove(room);
                }
            }
        }
        return rooms;
    }

    public boolean exists(String room) {
        return membersByRoom.containsKey(room);
    }

    public boolean isMember(String member, String room) {
        Set<String> members = membersByRoom.get(room);
        return members != null && members.contains(member);
    }

    /** The members of a room (a live read-only view; empty when the room does not exist). */
    public Set<String> members(String room) {
        Set<String> members = membersByRoom.get(room);
        return members == null ? Set.of() : Collections.unmodifiableSet(members);
    }

    /** The rooms of a member (a live read-only view). */
    public Set<String> roomsOf(String member) {
        Set<String> rooms = roomsByMember.get(member);
        return rooms == null ? Set.of() : Collections.unmodifiableSet(rooms);
    }

    public boolean sharesRoom(String a, String b) {
        Set<String> roomsOfA = roomsOf(a);
        Set<String> roomsOfB = roomsOf(b);
        Set<String> smaller = roomsOfA.size() <= roomsOfB.size() ? roomsOfA : roomsOfB;
        Set<String> larger = smaller == roomsOfA ? roomsOfB : roomsOfA;
        for (String room : smaller) {
            if (larger.contains(room)) {
                return true;
            }
        }
        return false;
    }

    /** Every member of the given rooms once, without {@code exclude}. */
    public Set<String> recipients(Collection<String> rooms, String exclude) {
        Set<String> recipients = rooms.size() == 1 ? new HashSet<>() : new LinkedHashSet<>();
        for (String room : rooms) {
            Set<String> members = membersByRoom.get(room);
            if (members != null) {
                recipients.addAll(members);
            }
        }
        recipients.remove(exclude);
        return recipients;
    }

    /** Every peer sharing at least one room with the member, once, without the member itself. */
    public Set<String> coMembers(String member) {
        return recipients(roomsOf(member), member);
    }

    public int roomCount() {
        return membersByRoom.size();
    }
}
