package org.symple.server.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Chooses the broker of this deployment. */
@ApplicationScoped
public class BrokerProducer {

    @Produces
    @ApplicationScoped
    Broker broker(LocalBroker local) {
        return local;
    }
}
