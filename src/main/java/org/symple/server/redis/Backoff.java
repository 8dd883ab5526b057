package org.symple.server.redis;

/** Reconnect delays: starts small and doubles up to a ceiling; reset once a connection works again. */
public final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private long nextMillis;

    public Backoff(long initialMillis, long maxMillis) {
        if (initialMillis <= 0 || maxMillis < initialMillis) {
            throw new IllegalArgumentException("need 0 < initial <= max");
        }
        this.initialMillis = initialMillis;
        this.maxMillis = maxMillis;
        this.nextMillis = initialMillis;
    }

    /** The delay to wait now; the one after it is twice as long, up to the ceiling. */
    public synchronized long next() {
        long delay = nextMillis;
        nextMillis = Math.min(maxMillis, nextMillis * 2);
        return delay;
    }

    public synchronized void reset() {
        nextMillis = initialMillis;
    }
}
