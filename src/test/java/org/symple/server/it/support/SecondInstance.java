package org.symple.server.it.support;

import java.util.Map;
import org.symple.server.testing.Launcher;
import org.symple.server.testing.Product;
import org.symple.server.testing.ServerProcess;

/**
 * A Redis of the test's own and a second instance (B) of the product under test on it, beside the deployment under
 * test (A): each starts at its first use; a test that stops or kills B gets a fresh one at its next use.
 */
public final class SecondInstance implements AutoCloseable {

    private final String name;
    private RedisFixture redis;
    private ServerProcess b;

    /** {@code name} names B's directory ({@code <name>-b}) and the deployment under test. */
    public SecondInstance(String name) {
        this.name = name;
    }

    public synchronized RedisFixture redis() {
        if (redis == null) {
            redis = RedisFixture.start();
        }
        return redis;
    }

    /** The settings both instances run with: the Redis. */
    public Map<String, String> settings() {
        return Map.of("SYMPLE_REDIS_URL", redis().url());
    }

    /** Instance B, started and ready. */
    public synchronized ServerProcess b() {
        if (b == null) {
            b = Launcher.instance(Product.underTest(), name + "-b", settings()).awaitReady();
        }
        return b;
    }

    /** Stops B with SIGTERM (its drain runs); the next {@link #b()} starts another. */
    public synchronized void terminateB() {
        b().terminate();
        b = null;
    }

    /** Kills B with SIGKILL; the next {@link #b()} starts another. */
    public synchronized void killB() {
        b().kill();
        b = null;
    }

    @Override
    public synchronized void close() {
        if (b != null) {
            b.close();
            b = null;
        }
        if (redis != null) {
            redis.close();
            redis = null;
        }
    }
}
