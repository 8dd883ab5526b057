package org.symple.server.presence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.symple.server.peers.Peer;
import org.symple.server.peers.PeerRegistry;
import org.symple.server.protocol.FrameCodec;
import org.symple.server.rooms.RoomIndex;

/**
 * Membership changes and the presence they cause (SPEC 4.5, 4.10, 6, 7.3): every co-member hears of a peer
 * arriving or leaving exactly once, and a peer gets a snapshot of the peers it can now see. Each change and
 * its frames happen under the registry's membership lock, so presence is never duplicated or reordered.
 */
@ApplicationScoped
public class PresenceService {

    @Inject
    PeerRegistry registry;

    /**
     * Registers a peer: sends {@code firstFrame} (the welcome) before anything can be routed to it, then the
     * snapshot, then tells its co-members it is online. False when the id is already taken.
     */
    public boolean arrive(Peer peer, Collection<String> rooms, String firstFrame) {
        synchronized (registry.membershipLock()) {
            if (registry.getOrNull(peer.id()) != null) {
                return false;
            }
            if (firstFrame != null) {
                peer.sink().deliver(firstFrame, null);
            }
            registry.add(peer, rooms);
            Set<String> coMembers = registry.rooms().coMembers(peer.id());
            sendSnapshot(peer, coMembers);
            announce(peer, true, coMembers);
            return true;
        }
    }

    /** Unregisters a peer and tells its co-members it is offline (unless {@code quietly}). */
    public boolean depart(Peer peer, boolean quietly) {
        synchronized (registry.membershipLock()) {
            Set<String> coMembers = registry.rooms().coMembers(peer.id());
            if (!registry.remove(peer)) {
                return false;
            }
            if (!quietly) {
                announce(peer, false, coMembers);
            }
            return true;
        }
    }

    /**
     * Adds a peer to a room: {@code ack} first, then a snapshot of the room, and the peer's online presence to
     * members it did not share a room with before.
     */
    public void join(Peer peer, String room, String ack) {
        synchronized (registry.membershipLock()) {
            RoomIndex rooms = registry.rooms();
            if (registry.getOrNull(peer.id()) != peer) {
                return;
            }
            Set<String> before = rooms.coMembers(peer.id());
            rooms.join(peer.id(), room);
            peer.sink().deliver(ack, null);
            Set<String> roomMembers = rooms.recipients(Set.of(room), peer.id());
            sendSnapshot(peer, roomMembers);
            roomMembers.removeAll(before);
            announce(peer, true, roomMembers);
        }
    }

    /** Removes a peer from a room: {@code ack} first, then offline presence to peers it no longer shares a room with. */
    public void leave(Peer peer, String room, String ack) {
        synchronized (registry.membershipLock()) {
            RoomIndex rooms = registry.rooms();
            if (registry.getOrNull(peer.id()) != peer) {
                return;
            }
            Set<String> before = rooms.coMembers(peer.id());
            rooms.leave(peer.id(), room);
            peer.sink().deliver(ack, null);
            Set<String> lost = new HashSet<>(before);
            lost.removeAll(rooms.coMembers(peer.id()));
            announce(peer, false, lost);
        }
    }

    private void sendSnapshot(Peer peer, Set<String> visible) {
        for (String id : visible) {
            Peer other = registry.getOrNull(id);
            if (other != null) {
                JsonObject frame = FrameCodec.presence(other.address(), other.toJson(true));
                peer.sink().deliver(FrameCodec.write(frame), frame);
            }
        }
    }

    private void announce(Peer peer, boolean online, Set<String> recipients) {
        if (recipients.isEmpty()) {
            return;
        }
        JsonObject frame = FrameCodec.presence(peer.address(), peer.toJson(online));
        String text = FrameCodec.write(frame);
        for (String id : recipients) {
            Peer recipient = registry.getOrNull(id);
            if (recipient != null) {
                recipient.sink().deliver(text, frame);
            }
        }
    }
}
