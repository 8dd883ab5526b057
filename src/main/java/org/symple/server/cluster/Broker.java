package org.symple.server.cluster;

import java.util.Collection;
import org.symple.server.peers.Departure;
import org.symple.server.peers.Peer;
import org.symple.server.protocol.OutgoingFrame;

/**
 * What other instances of a cluster must learn from this one: frames for the peers they hold, and every change
 * of this instance's own peers (arrival, departure, rooms, public object) so that their directories, permission
 * checks and presence stay right. What arrives from the others goes to the {@link DirectoryListener} and the
 * {@link FrameListener}; the broker knows nothing of presence or routing. A single instance uses
 * {@link LocalBroker}, which has nobody to tell. Every method returns at once: none waits on the network.
 */
public interface Broker {

    /** Joins the other instances (lease, sweeper, subscription); called once when the instance starts. */
    void start();

    /** Leaves them: the others hear this instance's peers go offline at once. Called once when it stops. */
    void stop();

    /** Delivers one frame to peers of instance {@code node}; called once per instance and fan-out. */
    void forward(String node, Collection<String> recipients, OutgoingFrame frame);

    /** A peer of this instance was registered in these rooms. */
    void peerArrived(Peer peer, Collection<String> rooms);

    /** A peer of this instance left, as {@code departure} describes. */
    void peerDeparted(Departure departure);

    /** A peer of this instance joined or left a room; {@code rooms} is its room set now. */
    void roomsChanged(Peer peer, Collection<String> rooms);

    /** A peer of this instance changed its public object (remembered presence fields). */
    void peerUpdated(Peer peer);
}
