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
 * <p>
 * Presence in large rooms: at most {@code presenceLimit} members of a room see each other. A member that joins a
 * room whose seeing members already number that many is a silent member of it: it receives the room's messages and
 * may send to it, but it is in nobody's presence through that room and nobody is in its presence through it; it
 * stays silent while it is in the room. Rooms never that large have no silent members, and then presence recipients
 * are plain recipients.
 */
public final class RoomIndex {

    private final ConcurrentHashMap<String, Set<String>> membersByRoom = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<String>> roomsByMember = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<String>> silentByRoom = new ConcurrentHashMap<>();
    private final int presenceLimit;

    /** An index where every member of every room sees every other (no presence limit). */
    public RoomIndex() {
        this(Integer.MAX_VALUE);
    }

    /** @param presenceLimit how many members of one room see each other at most */
    public RoomIndex(int presenceLimit) {
        this.presenceLimit = presenceLimit;
    }

    /** Adds the member to the room, silent when the room's seeing members are at the limit; false when it was there. */
    public synchronized boolean join(String member, String room) {
        Set<String> members = membersByRoom.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet());
        if (members.contains(member)) {
            return false;
        }
        Set<String> silent = silentByRoom.get(room);
        if (members.size() - (silent == null ? 0 : silent.size()) >= presenceLimit) {
            silentByRoom.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet()).add(member);
        }
        members.add(member);
        roomsByMember.computeIfAbsent(member, m -> ConcurrentHashMap.newKeySet()).add(room);
        return true;
    }

    /**
     * Adds the member to the room as silent or seeing, as its own instance decided (in a cluster every instance takes
     * the decision of the peer's instance, so that all agree on who sees whom); a member already there takes the
     * decision too. False when nothing changed.
     */
    public synchronized boolean place(String member, String room, boolean silent) {
        Set<String> members = membersByRoom.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet());
        boolean added = members.add(member);
        if (added) {
            roomsByMember.computeIfAbsent(member, m -> ConcurrentHashMap.newKeySet()).add(room);
        }
        boolean changed;
        if (silent) {
            changed = silentByRoom.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet()).add(member);
        } else {
            changed = isSilent(member, room);
            unsilence(member, room);
        }
        return added || changed;
    }

    /** The rooms in which the member is silent (see the class comment). */
    public Set<String> silentRooms(String member) {
        if (silentByRoom.isEmpty()) {
            return Set.of();
        }
        Set<String> silent = new HashSet<>();
        for (String room : roomsOf(member)) {
            if (isSilent(member, room)) {
                silent.add(room);
            }
        }
        return silent;
    }

    /** Removes the member from the room; false when it was not there. */
    public synchronized boolean leave(String member, String room) {
        Set<String> members = membersByRoom.get(room);
        boolean removed = members != null && members.remove(member);
        if (members != null && members.isEmpty()) {
            membersByRoom.remove(room);
        }
        unsilence(member, room);
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
            unsilence(member, room);
        }
        return rooms;
    }

    private void unsilence(String member, String room) {
        Set<String> silent = silentByRoom.get(room);
        if (silent != null && silent.remove(member) && silent.isEmpty()) {
            silentByRoom.remove(room);
        }
    }

    /** Whether the member is a silent member of the room (see the class comment). */
    public boolean isSilent(String member, String room) {
        Set<String> silent = silentByRoom.get(room);
        return silent != null && silent.contains(member);
    }

    /** The rooms in which the member sees and is seen. */
    public Set<String> seeingRooms(String member) {
        Set<String> rooms = roomsOf(member);
        if (silentByRoom.isEmpty()) {
            return rooms;
        }
        Set<String> seeing = new HashSet<>();
        for (String room : rooms) {
            if (!isSilent(member, room)) {
                seeing.add(room);
            }
        }
        return seeing;
    }

    /**
     * Who a presence frame from {@code sender} to these rooms reaches: the members that see the sender there (in the
     * rooms where neither is silent), once each, without the sender.
     */
    public Set<String> presenceRecipients(Collection<String> rooms, String sender) {
        if (silentByRoom.isEmpty()) {
            return recipients(rooms, sender);
        }
        Set<String> recipients = new HashSet<>();
        for (String room : rooms) {
            addSeeing(room, sender, recipients);
        }
        recipients.remove(sender);
        return recipients;
    }

    /** Adds the members of the room that see {@code viewer} there (none when the viewer is silent in it). */
    private void addSeeing(String room, String viewer, Set<String> into) {
        Set<String> silent = silentByRoom.get(room);
        Set<String> members = membersByRoom.get(room);
        if (members == null || silent != null && silent.contains(viewer)) {
            return;
        }
        for (String other : members) {
            if (silent == null || !silent.contains(other)) {
                into.add(other);
            }
        }
    }

    /**
     * Every peer that sees the member through a shared room, once, without the member itself: its co-members in the
     * rooms where it is not silent, less those silent in all of those rooms.
     */
    public Set<String> presenceCoMembers(String member) {
        return presenceRecipients(roomsOf(member), member);
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
