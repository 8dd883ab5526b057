package org.symple.server.presence;

import org.symple.server.cluster.Broker;
import org.symple.server.peers.PeerRegistry;
import org.symple.server.rooms.RoomPolicy;
import org.symple.server.routing.Router;

/** Builds a {@link PresenceService} the way the container does, for tests outside this package. */
public final class PresenceFixture {

    private PresenceFixture() {
    }

    public static PresenceService presence(PeerRegistry registry, Broker broker, RoomPolicy policy, Router router) {
        PresenceService presence = new PresenceService();
        presence.registry = registry;
        presence.broker = broker;
        presence.policy = policy;
        presence.router = router;
        return presence;
    }
}
