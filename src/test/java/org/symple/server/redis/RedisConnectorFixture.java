package org.symple.server.redis;

import org.symple.server.config.SympleConfig;
import org.symple.server.runtime.Scheduler;

/** Starts and stops a {@link RedisConnector} outside a container (it then runs on plain threads). */
public final class RedisConnectorFixture {

    private RedisConnectorFixture() {
    }

    public static RedisConnector start(SympleConfig config, Scheduler scheduler) {
        RedisConnector redis = new RedisConnector();
        redis.config = config;
        redis.scheduler = scheduler;
        redis.init();
        return redis;
    }

    public static void stop(RedisConnector redis) {
        redis.stop();
    }
}
