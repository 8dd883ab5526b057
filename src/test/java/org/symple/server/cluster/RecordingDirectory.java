package org.symple.server.cluster;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.symple.server.peers.Departure;
import org.symple.server.peers.Peer;

/** A directory listener that records each report as one line, e.g. {@code "arrived P1 alice@n1 [alice, team]"}. */
final class RecordingDirectory implements DirectoryListener {

    private final List<String> events = new ArrayList<>();

    @Override
    public synchronized void remoteArrived(Peer peer, Collection<String> rooms) {
        events.add("arrived " + peer.id() + " " + peer.user() + "@" + peer.node() + " " + rooms);
    }

    @Override
    public synchronized void remoteDeparted(String id, Departure departure) {
        events.add("departed " + id + (departure == null ? "" : " " + departure.rooms()));
    }

    @Override
    public synchronized void departuresLearned(List<Departure> departures) {
        events.add("learned " + departures.stream().map(Departure::id).toList());
    }

    @Override
    public synchronized void remoteRoomsChanged(String id, Collection<String> rooms) {
        events.add("rooms " + id + " " + rooms);
    }

    @Override
    public synchronized void remoteUpdated(String id, JsonObject peer) {
        events.add("updated " + id + " " + peer.getString("status", "-"));
    }

    synchronized List<String> events() {
        return List.copyOf(events);
    }
}
