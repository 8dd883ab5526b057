package org.symple.server.connection;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open WebSocket connections of this instance, authenticated or not, counted against the connection limit; and
 * whether the instance still admits connections (it stops once its shutdown began).
 */
@ApplicationScoped
public class ConnectionRegistry {

    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger count = new AtomicInteger();
    private volatile boolean accepting = true;

    /**
     * Counts the connection in; false (and not counted) when the instance is stopping or that would exceed
     * {@code limit} (0 = no limit).
     */
    boolean admit(Connection connection, int limit) {
        if (!accepting) {
            return false;
        }
        int now = count.incrementAndGet();
        if (limit > 0 && now > limit) {
            count.decrementAndGet();
            return false;
        }
        open.add(connection);
        return true;
    }

    void remove(Connection connection) {
        if (open.remove(connection)) {
            count.decrementAndGet();
        }
    }

    /** From now on every connection is refused, and peers that disconnect leave without offline presence. */
    void stopAccepting() {
        accepting = false;
    }

    /** Whether the instance admits connections: false once its shutdown began. */
    public boolean isAccepting() {
        return accepting;
    }

    public int size() {
        return count.get();
    }

    public Collection<Connection> all() {
        return Collections.unmodifiableSet(open);
    }
}
