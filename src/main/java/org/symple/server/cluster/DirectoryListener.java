package org.symple.server.cluster;

import jakarta.json.JsonObject;
import java.util.Collection;
import org.symple.server.peers.Peer;

/**
 * What the broker reports about the peers of other instances, so that this instance's replica of the directory and
 * the presence its own peers hear follow them. Calls for one peer arrive in the order its instance made the changes.
 */
public interface DirectoryListener {

    /** A peer of another instance is online in these rooms (also when it is announced again after an outage). */
    void remoteArrived(Peer peer, Collection<String> rooms);

    /** A peer of another instance went offline, or its instance died. */
    void remoteDeparted(String id);

    /** A peer of another instance now has exactly these rooms. */
    void remoteRoomsChanged(String id, Collection<String> rooms);

    /** A peer of another instance changed its public object (its latest presence fields). */
    void remoteUpdated(String id, JsonObject peer);
}
