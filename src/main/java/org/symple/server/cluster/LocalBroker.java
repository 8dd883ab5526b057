package org.symple.server.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.util.Collection;
import org.symple.server.peers.Departure;
import org.symple.server.peers.Peer;
import org.symple.server.protocol.OutgoingFrame;

/** The broker of a single instance: every peer is local, so nothing leaves the process. */
@ApplicationScoped
@Typed(LocalBroker.class)
public class LocalBroker implements Broker {

    @Override
    public void start() {
        // Nobody to join.
    }

    @Override
    public void stop() {
        // Nobody to leave.
    }

    @Override
    public void forward(String node, Collection<String> recipients, OutgoingFrame frame) {
        // No other instances, so no remote recipients.
    }

    @Override
    public void peerArrived(Peer peer, Collection<String> rooms) {
        // Nobody else to tell.
    }

    @Override
    public void peerDeparted(Departure departure) {
        // Nobody else to tell.
    }

    @Override
    public void roomsChanged(Peer peer, Collection<String> rooms) {
        // Nobody else to tell.
    }

    @Override
    public void peerUpdated(Peer peer) {
        // Nobody else to tell.
    }
}
