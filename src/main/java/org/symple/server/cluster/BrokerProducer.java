package org.symple.server.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.symple.server.config.SympleConfig;

/** Chooses the broker of this deployment: the Redis cluster broker when Redis is configured and clustering is on. */
@ApplicationScoped
public class BrokerProducer {

    private final SympleConfig config;
    private final Instance<RedisBroker> redisBroker;
    private final LocalBroker localBroker;

    /** For the container's client proxy. */
    protected BrokerProducer() {
        this(null, null, null);
    }

    @Inject
    public BrokerProducer(SympleConfig config, Instance<RedisBroker> redisBroker, LocalBroker localBroker) {
        this.config = config;
        this.redisBroker = redisBroker;
        this.localBroker = localBroker;
    }

    @Produces
    @ApplicationScoped
    Broker broker() {
        return config.clustered() ? redisBroker.get() : localBroker;
    }
}
