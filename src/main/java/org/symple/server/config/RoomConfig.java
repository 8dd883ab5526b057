package org.symple.server.config;

/** Rooms: whether {@code join}/{@code leave} are allowed, how many rooms a peer may be in, how long a room name may be. */
public record RoomConfig(boolean dynamic, int maxPerPeer, int maxNameLength) {

    static RoomConfig read(SettingsReader s) {
        return new RoomConfig(s.bool("SYMPLE_DYNAMIC_ROOMS", true), s.integer("SYMPLE_MAX_ROOMS", 100, 1, 100_000),
                s.integer("SYMPLE_MAX_ROOM_NAME", 256, 1, 65_536));
    }

    String describe() {
        return "dynamicRooms=" + dynamic + " maxRooms=" + maxPerPeer + " maxRoomName=" + maxNameLength;
    }
}
