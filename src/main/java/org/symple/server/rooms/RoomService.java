package org.symple.server.rooms;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import org.symple.server.config.SympleConfig;
import org.symple.server.peers.Peer;
import org.symple.server.peers.PeerRegistry;
import org.symple.server.presence.PresenceService;
import org.symple.server.protocol.ErrorCode;
import org.symple.server.protocol.FrameCodec;
import org.symple.server.protocol.ServerFrames.RoomAck;

/**
 * {@code join} and {@code leave} (SPEC 7.3): allowed only with dynamic rooms; nobody joins another user's room or
 * leaves their own; names and room counts are bounded. Refusals answer 400 and keep the socket open.
 */
@ApplicationScoped
public class RoomService {

    @Inject
    SympleConfig config;

    @Inject
    PeerRegistry registry;

    @Inject
    PresenceService presence;

    public void join(Peer peer, JsonObject frame) {
        String room = FrameCodec.string(frame, "room");
        if (room == null || room.isEmpty()) {
            return;
        }
        ErrorCode refusal = !config.dynamicRooms() ? ErrorCode.DYNAMIC_ROOMS_DISABLED
                : room.length() > config.maxRoomNameLength() || (!room.equals(peer.user()) && registry.isUser(room))
                        ? ErrorCode.ROOM_NOT_ALLOWED
                : !registry.rooms().isMember(peer.id(), room)
                        && registry.rooms().roomsOf(peer.id()).size() >= config.maxRoomsPerPeer()
                        ? ErrorCode.TOO_MANY_ROOMS
                : null;
        if (refusal != null) {
            peer.sink().deliver(FrameCodec.error(refusal), null);
            return;
        }
        presence.join(peer, room, FrameCodec.write(RoomAck.joined(room)));
    }

    public void leave(Peer peer, JsonObject frame) {
        String room = FrameCodec.string(frame, "room");
        if (room == null || room.isEmpty()) {
            return;
        }
        ErrorCode refusal = !config.dynamicRooms() ? ErrorCode.DYNAMIC_ROOMS_DISABLED
                : room.equals(peer.user()) ? ErrorCode.ROOM_NOT_ALLOWED
                : null;
        if (refusal != null) {
            peer.sink().deliver(FrameCodec.error(refusal), null);
            return;
        }
        presence.leave(peer, room, FrameCodec.write(RoomAck.left(room)));
    }
}
