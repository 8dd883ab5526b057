package org.symple.server.routing;

import org.symple.server.cluster.Broker;
import org.symple.server.peers.PeerRegistry;

/** Builds a {@link Router} the way the container does, for tests outside this package. */
public final class RouterFixture {

    private RouterFixture() {
    }

    public static Router router(PeerRegistry registry, Broker broker) {
        Router router = new Router();
        router.registry = registry;
        router.broker = broker;
        router.histograms = new org.symple.server.metrics.TrafficHistograms();
        router.init();
        return router;
    }
}
