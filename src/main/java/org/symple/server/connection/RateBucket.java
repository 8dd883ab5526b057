package org.symple.server.connection;

/**
 * Per-connection rate limit, a token bucket: starts full with {@code capacity} tokens, refills {@code capacity / seconds} tokens per
 * second, and a frame needs one whole token.
 */
public final class RateBucket {

    private final double capacity;
    private final double tokensPerNano;
    private double tokens;
    private long lastNanos;
    private boolean started;

    public RateBucket(double capacity, double seconds) {
        this.capacity = capacity;
        this.tokensPerNano = capacity / (seconds * 1e9);
        this.tokens = capacity;
    }

    public synchronized boolean tryTake(long nowNanos) {
        if (started) {
            tokens = Math.min(capacity, tokens + (nowNanos - lastNanos) * tokensPerNano);
        }
        started = true;
        lastNanos = nowNanos;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
