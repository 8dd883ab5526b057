package org.symple.server.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.symple.server.config.SympleConfig;
import org.symple.server.redis.RedisConnector;

/** Chooses the broker of this deployment: the Redis cluster broker when Redis is configured and clustering is on. */
@ApplicationScoped
public class BrokerProducer {

    @Inject
    SympleConfig config;

    @Inject
    RedisConnector redis;

    @Inject
    Instance<RedisBroker> redisBroker;

    @Inject
    LocalBroker localBroker;

    private boolean clustered() {
        return config.cluster() && redis.enabled();
    }

    @Produces
    @ApplicationScoped
    Broker broker() {
        return clustered() ? redisBroker.get() : localBroker;
    }

    /** Joins the cluster when the deployment starts, so the instance is known before its first peer arrives. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object context) {
        if (clustered()) {
            redisBroker.get().start();
        }
    }
}
