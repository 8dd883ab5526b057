package org.symple.server.api;

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

    private final Event<PeerConnected> connectedEvents;
    private final Event<PeerDisconnected> disconnectedEvents;
    private final boolean connectedObserved;
    private final boolean disconnectedObserved;

    /** For the container's client proxy. */
    protected PeerEvents() {
        this(null, null, false, false);
    }

    @Inject
    public PeerEvents(Event<PeerConnected> connectedEvents, Event<PeerDisconnected> disconnectedEvents, BeanManager beans) {
        this(connectedEvents, disconnectedEvents, !beans.resolveObserverMethods(new PeerConnected(null, null)).isEmpty(),
                !beans.resolveObserverMethods(new PeerDisconnected(null, null)).isEmpty());
    }

    /** Events fired only where an observer exists: {@code connectedObserved}, {@code disconnectedObserved}. */
    public PeerEvents(Event<PeerConnected> connectedEvents, Event<PeerDisconnected> disconnectedEvents,
            boolean connectedObserved, boolean disconnectedObserved) {
        this.connectedEvents = connectedEvents;
        this.disconnectedEvents = disconnectedEvents;
        this.connectedObserved = connectedObserved;
        this.disconnectedObserved = disconnectedObserved;
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
