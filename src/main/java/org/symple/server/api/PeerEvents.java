package org.symple.server.api;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import org.symple.server.peers.Peer;

/**
 * The one place that tells application code that a peer of this instance (connected or virtual) came online or
 * went offline, as the CDI events {@link PeerConnected} and {@link PeerDisconnected}. Without an observer nothing
 * is built or fired: a connection then costs no event.
 */
@ApplicationScoped
public class PeerEvents {

    @Inject
    Event<PeerConnected> connectedEvents;

    @Inject
    Event<PeerDisconnected> disconnectedEvents;

    @Inject
    BeanManager beans;

    private boolean connectedObserved;
    private boolean disconnectedObserved;

    @PostConstruct
    void init() {
        connectedObserved = !beans.resolveObserverMethods(new PeerConnected(null, null)).isEmpty();
        disconnectedObserved = !beans.resolveObserverMethods(new PeerDisconnected(null, null)).isEmpty();
    }

    /** After the peer was welcomed and announced. */
    public void connected(Peer peer) {
        if (connectedObserved) {
            connectedEvents.fire(new PeerConnected(peer.address(), peer.toJson(true)));
        }
    }

    /** After the peer left and its offline presence went out. */
    public void disconnected(Peer peer) {
        if (disconnectedObserved) {
            disconnectedEvents.fire(new PeerDisconnected(peer.address(), peer.toJson(false)));
        }
    }
}
