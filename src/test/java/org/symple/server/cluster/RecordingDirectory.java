package org.symple.server.cluster;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.symple.server.peers.Departure;
import org.symple.server.peers.Peer;

/** A directory listener that records each report as one line, e.g. {@code "arrived P1 alice@n1 [alice, team]"} (with {@code " silent in [team]"} where it is a silent member). */
final class RecordingDirectory implements DirectoryListener {

    private final List<String> events = new ArrayList<>();

    @Override
    public synchronized void remoteArrived(Peer peer, Collection<String> rooms, Set<String> silent) {
        events.add("arrived " + peer.id() + " " + peer.user() + "@" + peer.node() + " " + rooms + silent(silent));
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
    public synchronized void remoteRoomsChanged(String id, Collection<String> rooms, Set<String> silent) {
        events.add("rooms " + id + " " + rooms + silent(silent));
    }

    @Override
    public synchronized void remoteUpdated(String id, JsonObject peer) {
        events.add("updated " + id + " " + peer.getString("status", "-"));
    }

    /** Nothing when the event says the peer is silent nowhere, else e.g. {@code " silent in [team]"}. */
    private static String silent(Set<String> silent) {
        return silent == null ? " (silence not said)" : silent.isEmpty() ? "" : " silent in " + new TreeSet<>(silent);
    }

    synchronized List<String> events() {
        return List.copyOf(events);
    }
}
