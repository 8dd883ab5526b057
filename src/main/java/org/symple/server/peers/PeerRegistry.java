package org.symple.server.peers;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.symple.server.config.SympleConfig;
import org.symple.server.rooms.RoomIndex;

/**
 * Every live peer known here and its rooms: this instance's connected and virtual peers and, in a cluster, the
 * replica of the other instances' peers. Lookups are lock-free. Every change of membership runs under
 * {@link #membershipLock()}, and so does whatever must see membership and its presence consistently (the welcome
 * and snapshot of an arriving peer, a join's acknowledgement and snapshot); nothing sends on a socket or waits on
 * the network while holding it: sinks only queue.
 */
@ApplicationScoped
public class PeerRegistry {

    private final ConcurrentHashMap<String, Peer> peersById = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Integer> peersByUser = new ConcurrentHashMap<>();
    private final RoomIndex rooms;
    private final Object membershipLock = new Object();

    /** A registry whose rooms have no presence limit (and the container's client proxy). */
    public PeerRegistry() {
        this(Integer.MAX_VALUE);
    }

    @Inject
    public PeerRegistry(SympleConfig config) {
        this(config.rooms().presenceLimit());
    }

    /** @param presenceLimit how many members of one room see each other at most (see {@link RoomIndex}) */
    public PeerRegistry(int presenceLimit) {
        rooms = new RoomIndex(presenceLimit);
    }

    /**
     * This registry itself, not the container's client proxy of it: every call through a client proxy allocates
     * (Weld keeps an interception stack per call), which a fan-out or a join storm pays once per recipient. Beans
     * that look peers up in loops keep {@code unproxied().get()} instead of the proxy they were given; the registry
     * lives as long as the application, so the instance never changes under them. A supplier, because Weld's client
     * proxy answers its own proxy for a method that returns the instance itself.
     */
    public Supplier<PeerRegistry> unproxied() {
        PeerRegistry self = this;
        return () -> self;
    }

    public Object membershipLock() {
        return membershipLock;
    }

    public RoomIndex rooms() {
        return rooms;
    }

    /** Adds the peer and its rooms; false (nothing changed) when its id is taken. Call under the membership lock. */
    public boolean add(Peer peer, Collection<String> roomNames) {
        return add(peer, roomNames, null);
    }

    /**
     * As {@link #add(Peer, Collection)}, silent in the rooms of {@code silent} and seeing in the others, as the peer's
     * own instance decided; {@code silent} null: decided here.
     */
    public boolean add(Peer peer, Collection<String> roomNames, Set<String> silent) {
        if (peersById.putIfAbsent(peer.id(), peer) != null) {
            return false;
        }
        peersByUser.merge(peer.user(), 1, Integer::sum);
        for (String room : roomNames) {
            if (silent == null) {
                rooms.join(peer.id(), room);
            } else {
                rooms.place(peer.id(), room, silent.contains(room));
            }
        }
        return true;
    }

    /** Removes the peer from every room and from the registry. Call under the membership lock. */
    public boolean remove(Peer peer) {
        if (!peersById.remove(peer.id(), peer)) {
            return false;
        }
        rooms.leaveAll(peer.id());
        peersByUser.computeIfPresent(peer.user(), (user, count) -> count == 1 ? null : count - 1);
        return true;
    }

    /**
     * Puts {@code now} in the place of {@code before} (the same id and user: a peer that moved to another instance,
     * or came to this one), keeping its rooms; false when {@code before} is not registered. Call under the
     * membership lock.
     */
    public boolean replace(Peer before, Peer now) {
        return before.id().equals(now.id()) && before.user().equals(now.user()) && peersById.replace(before.id(), before, now);
    }

    public Optional<Peer> get(String id) {
        return Optional.ofNullable(peersById.get(id));
    }

    public Peer getOrNull(String id) {
        return peersById.get(id);
    }

    /** The user of a live peer, or null when no peer has this id. */
    public String userOf(String id) {
        Peer peer = peersById.get(id);
        return peer == null ? null : peer.user();
    }

    /** Whether any live peer has this user name (its user room is then protected). */
    public boolean isUser(String user) {
        return peersByUser.containsKey(user);
    }

    public int peerCount() {
        return peersById.size();
    }

    public Collection<Peer> peers() {
        return peersById.values();
    }
}
