package org.symple.server.config;

/**
 * Rooms: whether {@code join}/{@code leave} are allowed, how many rooms a peer may be in, how long a room name may be,
 * and how many members of one room see each other's presence at most ({@code SYMPLE_ROOM_PRESENCE_LIMIT}; 0 = all).
 */
public record RoomConfig(boolean dynamic, int maxPerPeer, int maxNameLength, int presenceLimit) {

    static RoomConfig read(SettingsReader s) {
        int limit = s.integer("SYMPLE_ROOM_PRESENCE_LIMIT", 1000, 0, Integer.MAX_VALUE);
        return new RoomConfig(s.bool("SYMPLE_DYNAMIC_ROOMS", true), s.integer("SYMPLE_MAX_ROOMS", 100, 1, 100_000),
                s.integer("SYMPLE_MAX_ROOM_NAME", 256, 1, 65_536), limit == 0 ? Integer.MAX_VALUE : limit);
    }

    String describe() {
        return "dynamicRooms=" + dynamic + " maxRooms=" + maxPerPeer + " maxRoomName=" + maxNameLength
                + " roomPresenceLimit=" + presenceLimit;
    }
}
