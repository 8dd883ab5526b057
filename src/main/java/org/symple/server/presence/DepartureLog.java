package org.symple.server.presence;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.symple.server.peers.Departure;

/**
 * The peers that went offline within the reconnect window, by id, room and user; at most {@code capacity} of them
 * (the oldest are forgotten first). Not thread-safe: used under the registry's membership lock.
 */
final class DepartureLog {

    private final long windowMillis;
    private final int capacity;
    private final LinkedHashMap<String, Departure> byId = new LinkedHashMap<>();
    private final Map<String, Set<String>> idsByRoom = new HashMap<>();
    private final Map<String, Set<String>> idsByUser = new HashMap<>();

    DepartureLog(long windowMillis, int capacity) {
        this.windowMillis = windowMillis;
        this.capacity = capacity;
    }

    /** Remembers a departure; false when it is known already, too old, or nothing is remembered at all. */
    boolean add(Departure departure, long now) {
        prune(now);
        if (capacity == 0 || byId.containsKey(departure.id()) || departure.offlineAt() < now - windowMillis) {
            return false;
        }
        byId.put(departure.id(), departure);
        departure.rooms().forEach(room -> idsByRoom.computeIfAbsent(room, r -> new LinkedHashSet<>()).add(departure.id()));
        idsByUser.computeIfAbsent(departure.user(), u -> new LinkedHashSet<>()).add(departure.id());
        while (byId.size() > capacity) {
            remove(byId.keySet().iterator().next());
        }
        return true;
    }

    /** The departures from any of these rooms within the window, each once, oldest first. */
    List<Departure> fromRooms(Collection<String> rooms, long now) {
        prune(now);
        Set<String> ids = new LinkedHashSet<>();
        for (String room : rooms) {
            ids.addAll(idsByRoom.getOrDefault(room, Set.of()));
        }
        List<Departure> found = new ArrayList<>(ids.size());
        for (String id : ids) {
            Departure departure = byId.get(id);
            if (departure.offlineAt() >= now - windowMillis) {
                found.add(departure);
            }
        }
        return found;
    }

    /** The sessions of {@code user} that went offline within the window. */
    List<Departure> sessionsOf(String user, long now) {
        prune(now);
        List<Departure> found = new ArrayList<>();
        for (String id : idsByUser.getOrDefault(user, Set.of())) {
            Departure departure = byId.get(id);
            if (departure.offlineAt() >= now - windowMillis) {
                found.add(departure);
            }
        }
        return found;
    }

    /** Every departure within the window, oldest first. */
    List<Departure> all(long now) {
        prune(now);
        return byId.values().stream().filter(departure -> departure.offlineAt() >= now - windowMillis).toList();
    }

    int size() {
        return byId.size();
    }

    /** Forgets the departures older than the window (from the oldest remembered on). */
    private void prune(long now) {
        long oldest = now - windowMillis;
        Iterator<Departure> departures = byId.values().iterator();
        List<String> expired = new ArrayList<>();
        while (departures.hasNext()) {
            Departure departure = departures.next();
            if (departure.offlineAt() >= oldest) {
                break;
            }
            expired.add(departure.id());
        }
        expired.forEach(this::remove);
    }

    private void remove(String id) {
        Departure departure = byId.remove(id);
        if (departure == null) {
            return;
        }
        for (String room : departure.rooms()) {
            Set<String> ids = idsByRoom.get(room);
            if (ids != null && ids.remove(id) && ids.isEmpty()) {
                idsByRoom.remove(room);
            }
        }
        Set<String> ids = idsByUser.get(departure.user());
        if (ids != null && ids.remove(id) && ids.isEmpty()) {
            idsByUser.remove(departure.user());
        }
    }
}
