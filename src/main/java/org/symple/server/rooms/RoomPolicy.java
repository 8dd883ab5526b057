package org.symple.server.rooms;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.symple.server.config.SympleConfig;
import org.symple.server.protocol.ErrorCode;

/**
 * Who may be in which room, whatever asks: a {@code join} frame, the rooms of an {@code auth} frame, a token
 * session, an authenticator, a virtual peer or another instance of the cluster.
 * <ul>
 * <li>Room names are non-empty and at most {@code SYMPLE_MAX_ROOM_NAME} long; a peer is in at most
 * {@code SYMPLE_MAX_ROOMS} rooms, its user room included.</li>
 * <li>The room named after a user is that user's room: it holds that user's sessions and nobody else's. A peer
 * may not enter a room named after another user who is online (anywhere in the cluster), and when a user arrives,
 * every other member of its room is taken out of it first. A peer never leaves its own user room.</li>
 * <li>{@code join} and {@code leave} need dynamic rooms.</li>
 * </ul>
 * Addressing by user name follows from it: a user's sessions are the members of its room that are its peers
 * ({@link #sessionsOf}).
 */
@ApplicationScoped
public class RoomPolicy {

    private boolean dynamicRooms;
    private int maxNameLength;
    private int maxRooms;

    /** For the container's client proxy. */
    RoomPolicy() {
    }

    @Inject
    public RoomPolicy(SympleConfig config) {
        this(config.rooms().dynamic(), config.rooms().maxNameLength(), config.rooms().maxPerPeer());
    }

    public RoomPolicy(boolean dynamicRooms, int maxNameLength, int maxRooms) {
        this.dynamicRooms = dynamicRooms;
        this.maxNameLength = maxNameLength;
        this.maxRooms = maxRooms;
    }

    /** Whether a member of {@code user} may be in {@code room}, given which user names are online. */
    public static boolean mayEnter(String user, String room, Predicate<String> isUser) {
        return room.equals(user) || !isUser.test(room);
    }

    /**
     * The sessions of {@code user}: the members of its user room that are that user's peers (others may sit in a
     * room of that name only while the user is offline). {@code userOf} gives a live peer's user, or null.
     */
    public static Set<String> sessionsOf(String user, RoomIndex rooms, Function<String, String> userOf) {
        Set<String> sessions = new LinkedHashSet<>();
        for (String member : rooms.members(user)) {
            if (user.equals(userOf.apply(member))) {
                sessions.add(member);
            }
        }
        return sessions;
    }

    /** The members of {@code user}'s room that are not that user's peers: they leave it when the user arrives. */
    public static List<String> intruders(RoomIndex rooms, String user, Function<String, String> userOf) {
        List<String> intruders = new ArrayList<>();
        for (String member : rooms.members(user)) {
            String memberUser = userOf.apply(member);
            if (memberUser != null && !memberUser.equals(user)) {
                intruders.add(member);
            }
        }
        return intruders;
    }

    /** Why a peer of {@code user}, now in {@code roomsNow}, may not join {@code room}; null when it may. */
    public ErrorCode joinRefusal(String user, String room, Set<String> roomsNow, Predicate<String> isUser) {
        if (!dynamicRooms) {
            return ErrorCode.DYNAMIC_ROOMS_DISABLED;
        }
        if (room.length() > maxNameLength || !mayEnter(user, room, isUser)) {
            return ErrorCode.ROOM_NOT_ALLOWED;
        }
        if (!roomsNow.contains(room) && roomsNow.size() >= maxRooms) {
            return ErrorCode.TOO_MANY_ROOMS;
        }
        return null;
    }

    /** Why a peer of {@code user} may not leave {@code room}; null when it may. */
    public ErrorCode leaveRefusal(String user, String room) {
        if (!dynamicRooms) {
            return ErrorCode.DYNAMIC_ROOMS_DISABLED;
        }
        return room.equals(user) ? ErrorCode.ROOM_NOT_ALLOWED : null; // nobody leaves their own user room
    }

    /**
     * The rooms a peer of {@code user} starts in: its user room first, then each requested room with an acceptable
     * name, in order and once, up to the room limit. Which rooms belong to other users is decided when the peer is
     * registered ({@link #admitted}), under the membership lock.
     */
    public List<String> startingRooms(String user, Collection<String> requested) {
        Set<String> rooms = new LinkedHashSet<>();
        rooms.add(user);
        for (String room : requested) {
            if (rooms.size() >= maxRooms) {
                break;
            }
            if (room != null && !room.isEmpty() && room.length() <= maxNameLength) {
                rooms.add(room);
            }
        }
        return new ArrayList<>(rooms);
    }

    /** The rooms of {@code requested} that a member of {@code user} may be in now, in order. */
    public static List<String> admitted(String user, Collection<String> requested, Predicate<String> isUser) {
        List<String> rooms = new ArrayList<>(requested.size());
        for (String room : requested) {
            if (mayEnter(user, room, isUser)) {
                rooms.add(room);
            }
        }
        return rooms;
    }
}
