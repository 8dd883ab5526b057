package org.symple.server.redis;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs the availability of Redis as transitions only: one WARNING when it becomes unreachable and one INFO when it
 * is back, however many commands and reconnects fail in between. Messages name the server, never keys or values.
 */
final class OutageLog {

    private final Logger log;
    private final String server;
    private boolean down;
    private long downSinceNanos;
    private long upSinceNanos;
    private boolean everDown;

    OutageLog(Logger log, String server) {
        this.log = log;
        this.server = server;
    }

    /** A connection-level failure; true when it started an outage (and was logged as a warning). */
    synchronized boolean failed(String reason) {
        if (down) {
            log.log(Level.FINE, "Redis at {0} still unavailable: {1}", new Object[] {server, reason});
            return false;
        }
        down = true;
        everDown = true;
        downSinceNanos = System.nanoTime();
        log.warning("Redis at " + server + " is unavailable (" + reason + "); token authentication fails and "
                + "emission is paused until it is back; reconnecting in the background");
        return true;
    }

    /** A command or subscription worked; true when that ended an outage (and was logged). */
    synchronized boolean succeeded() {
        if (!down) {
            return false;
        }
        down = false;
        upSinceNanos = System.nanoTime();
        long seconds = Math.max(0, (System.nanoTime() - downSinceNanos) / 1_000_000_000L);
        log.info("Redis at " + server + " is available again after " + seconds + " s");
        return true;
    }

    /** Whether Redis is unavailable now or was within the last {@code windowMillis}. */
    synchronized boolean downWithin(long windowMillis) {
        return down || everDown && System.nanoTime() - upSinceNanos < windowMillis * 1_000_000L;
    }

    /** Whether Redis is in an outage now. */
    synchronized boolean isDown() {
        return down;
    }
}
