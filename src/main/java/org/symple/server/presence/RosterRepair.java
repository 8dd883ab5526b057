package org.symple.server.presence;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.symple.server.peers.Departure;
import org.symple.server.peers.Peer;
import org.symple.server.peers.PeerRegistry;

/**
 * Makes the rosters of reconnecting clients true. A client such as symple-client v4 never clears its roster and
 * gets a new peer id at every connect, so after a cut, a restart or a crash it keeps every peer it saw before
 * that left meanwhile (and its own old id) unless it is told {@code online:false} for each.
 * <p>
 * The rule: a peer P of user U that enters rooms (at arrival, at a join, or now that a departure became known) is
 * told the offline presence of every departure D within the reconnect window that
 * <ul>
 * <li>was in one of those rooms, is not online now, and P was not told of already (live or here);</li>
 * <li>could be in P's roster: some other session of U (gone within the window, or online) was online at the same
 * time as D and shared a room with it; a user with no such session has nothing stale to clear.</li>
 * </ul>
 * Not thread-safe: used under the registry's membership lock.
 */
final class RosterRepair {

    private final DepartureLog log;
    private final LongSupplier clock;
    private final Map<String, Set<String>> toldByPeer = new HashMap<>();

    RosterRepair(long windowMillis, int capacity, LongSupplier clock) {
        this.log = new DepartureLog(windowMillis, capacity);
        this.clock = clock;
    }

    long now() {
        return clock.getAsLong();
    }

    /** Remembers a departure; false when it was known already (or is too old to matter). */
    boolean remember(Departure departure) {
        return log.add(departure, now());
    }

    /** Every departure still remembered, for a restart or another instance. */
    List<Departure> remembered() {
        return log.all(now());
    }

    /** The peer left: nothing is kept for it. */
    void forget(String peerId) {
        toldByPeer.remove(peerId);
    }

    /**
     * The departures {@code peer} must be told of now that it entered {@code entered}; {@code roomsBefore} are the rooms
     * it was in already (departures from those after it came online reached it live). Marks them told.
     */
    List<Departure> onEntry(Peer peer, Collection<String> entered, Set<String> roomsBefore, PeerRegistry registry) {
        return notices(peer, log.fromRooms(entered, now()), roomsBefore, registry);
    }

    /**
     * The departures of {@code learned} (which no peer here heard of live: their peers were not known here) that
     * {@code peer}, now in {@code rooms}, must be told of. Marks them told.
     */
    List<Departure> onLearning(Peer peer, Set<String> rooms, List<Departure> learned, PeerRegistry registry) {
        List<Departure> candidates = new ArrayList<>();
        for (Departure departure : learned) {
            if (departure.wasInAny(rooms)) {
                candidates.add(departure);
            }
        }
        return notices(peer, candidates, Set.of(), registry);
    }

    private List<Departure> notices(Peer peer, List<Departure> candidates, Set<String> roomsBefore, PeerRegistry registry) {
        if (candidates.isEmpty()) {
            return List.of();
        }
        long now = now();
        List<Session> earlier = earlierSessions(peer, registry, now);
        if (earlier.isEmpty()) {
            return List.of();
        }
        Set<String> told = toldByPeer.get(peer.id());
        List<Departure> notices = new ArrayList<>();
        for (Departure departure : candidates) {
            if (departure.id().equals(peer.id()) || registry.getOrNull(departure.id()) != null
                    || told != null && told.contains(departure.id())
                    || departure.offlineAt() >= peer.onlineAt() && departure.wasInAny(roomsBefore)
                    || earlier.stream().noneMatch(session -> session.saw(departure))) {
                continue;
            }
            notices.add(departure);
        }
        if (!notices.isEmpty()) {
            Set<String> record = toldByPeer.computeIfAbsent(peer.id(), id -> new HashSet<>());
            notices.forEach(departure -> record.add(departure.id()));
        }
        return notices;
    }

    /** The other sessions of the peer's user: those gone within the window and those online now. */
    private List<Session> earlierSessions(Peer peer, PeerRegistry registry, long now) {
        List<Session> sessions = new ArrayList<>();
        for (Departure gone : log.sessionsOf(peer.user(), now)) {
            sessions.add(new Session(gone.onlineAt(), gone.offlineAt(), Set.copyOf(gone.rooms())));
        }
        for (String id : registry.rooms().members(peer.user())) {
            Peer other = registry.getOrNull(id);
            if (other != null && other != peer && other.user().equals(peer.user())) {
                sessions.add(new Session(other.onlineAt(), now, Set.copyOf(registry.rooms().seeingRooms(id))));
            }
        }
        return sessions;
    }

    /** One session of a user: when it was online and the rooms it was in. */
    private record Session(long from, long to, Set<String> rooms) {

        /** Whether this session could have been told that the departed peer was online. */
        boolean saw(Departure departure) {
            return departure.onlineDuring(from, to) && departure.wasInAny(rooms);
        }
    }
}
