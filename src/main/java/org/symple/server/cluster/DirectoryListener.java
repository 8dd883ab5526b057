package org.symple.server.cluster;

import jakarta.json.JsonObject;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.symple.server.peers.Departure;
import org.symple.server.peers.Peer;

/**
 * What the broker reports about the peers of other instances, so that this instance's replica of the directory and
 * the presence its own peers hear follow them. Calls for one peer arrive in the order its instance made the changes.
 */
public interface DirectoryListener {

    /**
     * A peer of another instance is online in these rooms (also when it is announced again after an outage), a silent
     * member of those of {@code silent} as its instance decided (null: not said, this instance decides).
     */
    void remoteArrived(Peer peer, Collection<String> rooms, Set<String> silent);

    /**
     * A peer of another instance went offline, or its instance died; {@code departure} describes it (null when the
     * event carried no description).
     */
    void remoteDeparted(String id, Departure departure);

    /**
     * Departures recorded in Redis, read after (re)subscribing: peers that left while this instance was not listening
     * (starting, restarting, cut off), so that clients reconnecting here can still be told of them.
     */
    void departuresLearned(List<Departure> departures);

    /** A peer of another instance now has exactly these rooms, silent in those of {@code silent} (null: not said). */
    void remoteRoomsChanged(String id, Collection<String> rooms, Set<String> silent);

    /** A peer of another instance changed its public object (its latest presence fields). */
    void remoteUpdated(String id, JsonObject peer);
}
