package org.symple.server.load;

import java.nio.file.Path;
import org.symple.server.it.support.RedisFixture;

/**
 * Two instances of one server on one Redis, measured as one: clients alternate between them (even indexes on the
 * first), CPU and resident memory are their sums. Closing stops both and the Redis.
 */
final class TwoInstances implements Target {

    private final Target first;
    private final Target second;
    private final RedisFixture redis;

    TwoInstances(Target first, Target second, RedisFixture redis) {
        this.first = first;
        this.second = second;
        this.redis = redis;
    }

    @Override
    public int port() {
        return first.port();
    }

    @Override
    public int port(int client) {
        return client % 2 == 0 ? first.port() : second.port();
    }

    @Override
    public long pid() {
        return first.pid();
    }

    @Override
    public long cpuNanos() {
        return first.cpuNanos() + second.cpuNanos();
    }

    @Override
    public long systemNanos() {
        return first.systemNanos() + second.systemNanos();
    }

    @Override
    public long contextSwitches() {
        return first.contextSwitches() + second.contextSwitches();
    }

    @Override
    public long rssBytes() {
        return first.rssBytes() + second.rssBytes();
    }

    @Override
    public Path directory() {
        return first.directory();
    }

    @Override
    public void close() {
        try {
            first.close();
            second.close();
        } finally {
            redis.close();
        }
    }
}
