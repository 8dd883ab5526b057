package org.symple.server.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.symple.server.peers.Peer;
import org.symple.server.peers.PeerRegistry;
import org.symple.server.presence.PresenceService;
import org.symple.server.protocol.Address;
import org.symple.server.protocol.FrameCodec;
import org.symple.server.protocol.OutgoingFrame;
import org.symple.server.rooms.RoomPolicy;
import org.symple.server.routing.Router;

/**
 * What application code injects to talk to peers: trusted sends that bypass permission checks and
 * leave frames untouched, virtual peers, and read access to who is online.
 */
@ApplicationScoped
public class SympleServer {

    private final PeerRegistry registry;
    private final Router router;
    private final PresenceService presence;
    private final RoomPolicy roomPolicy;
    private final PeerEvents events;

    /** For the container's client proxy. */
    protected SympleServer() {
        this(null, null, null, null, null);
    }

    @Inject
    public SympleServer(PeerRegistry registry, Router router, PresenceService presence, RoomPolicy roomPolicy,
            PeerEvents events) {
        this.registry = registry;
        this.router = router;
        this.presence = presence;
        this.roomPolicy = roomPolicy;
        this.events = events;
    }

    /** Sends to one peer by its id; false when it is not online. */
    public boolean sendTo(String id, JsonObject frame) {
        return router.deliver(List.of(id), OutgoingFrame.of(frame)) > 0;
    }

    /** Sends to every peer of a user (every member of the user's room); returns how many received it. */
    public int sendToUser(String user, JsonObject frame) {
        return router.deliver(RoomPolicy.sessionsOf(user, registry.rooms(), registry::userOf), OutgoingFrame.of(frame));
    }

    /** Sends to every member of the rooms once, except {@code excludeId} (may be null). */
    public int broadcast(Collection<String> rooms, JsonObject frame, String excludeId) {
        return router.deliver(registry.rooms().recipients(rooms, excludeId), OutgoingFrame.of(frame));
    }

    /**
     * Adds a peer without a socket: {@code peer} needs string {@code id}, {@code user} and {@code name} (and usually
     * {@code type}); it joins its user room and those {@code rooms} the room policy lets it in (never another online
     * user's room), is announced online, and receives routed frames
     * through {@code handler}. False when the id is taken or a field is missing.
     */
    public boolean addVirtualPeer(JsonObject peer, Collection<String> rooms, Consumer<JsonObject> handler) {
        String id = FrameCodec.string(peer, "id");
        String user = FrameCodec.string(peer, "user");
        String name = FrameCodec.string(peer, "name");
        if (id == null || id.isEmpty() || Address.hasSeparator(id) || user == null || user.isEmpty() || name == null) {
            return false;
        }
        String type = Optional.ofNullable(FrameCodec.string(peer, "type")).orElse(Peer.DEFAULT_TYPE);
        Peer virtual = Peer.virtual(id, user, name, type, peer, frame -> handler.accept(frame.object()));
        if (!presence.arrive(virtual, roomPolicy.startingRooms(user, rooms), null)) {
            return false;
        }
        events.connected(virtual);
        return true;
    }

    /** Removes a virtual peer (announcing it offline); false when no virtual peer has that id. */
    public boolean removeVirtualPeer(String id) {
        Peer peer = registry.getOrNull(id);
        if (peer == null || !peer.isVirtual()
                || !presence.depart(peer, false)) {
            return false;
        }
        events.disconnected(peer);
        return true;
    }

    /** The public object of an online peer. */
    public Optional<JsonObject> peer(String id) {
        return registry.get(id).map(peer -> peer.toJson(true));
    }

    /** The peer ids of a room's members. */
    public Set<String> peersInRoom(String room) {
        return Set.copyOf(registry.rooms().members(room));
    }

    /** Online peers, virtual ones included. */
    public int peerCount() {
        return registry.peerCount();
    }
}
