package org.symple.server.connection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.LongAdder;
import org.symple.server.metrics.TrafficHistograms;

/**
 * Running totals of what the connections of this deployment did: frames in and out, frames coalesced, and why
 * connections were closed by the server. Cheap enough for the hot path (striped adders); read by the admin views.
 */
@ApplicationScoped
public class TrafficStats {

    private final LongAdder connectionsOpened = new LongAdder();
    private final LongAdder connectionsRefused = new LongAdder();
    private final LongAdder framesIn = new LongAdder();
    private final LongAdder framesOut = new LongAdder();
    private final LongAdder framesCoalesced = new LongAdder();
    private final LongAdder queueOverflows = new LongAdder();
    private final LongAdder sendTimeouts = new LongAdder();
    private final LongAdder pingTimeouts = new LongAdder();
    private final LongAdder authTimeouts = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();
    private final LongAdder oversize = new LongAdder();
    /** Replaced by the deployment's shared histograms when this is a bean; standalone instances keep their own. */
    private TrafficHistograms histograms = new TrafficHistograms();

    @Inject
    void useHistograms(TrafficHistograms shared) {
        histograms = shared;
    }

    public void connectionOpened() {
        connectionsOpened.increment();
    }

    public void connectionRefused() {
        connectionsRefused.increment();
    }

    public void frameIn() {
        framesIn.increment();
    }

    /** A send completed after {@code nanos} in flight. */
    public void frameSent(long nanos) {
        framesOut.increment();
        histograms.sendCompleted(nanos);
    }

    public void frameCoalesced() {
        framesCoalesced.increment();
    }

    public void queueOverflow() {
        queueOverflows.increment();
    }

    public void sendTimeout() {
        sendTimeouts.increment();
    }

    public void pingTimeout() {
        pingTimeouts.increment();
    }

    public void authTimeout() {
        authTimeouts.increment();
    }

    public void closedForRate() {
        rateLimited.increment();
    }

    public void closedForSize() {
        oversize.increment();
    }

    /** Connections accepted (counted against the limit) since deployment. */
    public long connectionsOpened() {
        return connectionsOpened.sum();
    }

    /** Connections refused because the server was at capacity or stopping. */
    public long connectionsRefused() {
        return connectionsRefused.sum();
    }

    /** Text and binary frames received, valid or not. */
    public long framesIn() {
        return framesIn.sum();
    }

    /** Frames whose send completed. */
    public long framesOut() {
        return framesOut.sum();
    }

    /** Presence frames replaced by a newer presence of the same peer before they were sent. */
    public long framesCoalesced() {
        return framesCoalesced.sum();
    }

    /** Connections closed because their outbound queue overflowed. */
    public long queueOverflows() {
        return queueOverflows.sum();
    }

    /** Connections closed because one send stayed in flight longer than the send timeout. */
    public long sendTimeouts() {
        return sendTimeouts.sum();
    }

    /** Connections closed because they missed two pongs. */
    public long pingTimeouts() {
        return pingTimeouts.sum();
    }

    /** Sockets closed because they did not authenticate in time. */
    public long authTimeouts() {
        return authTimeouts.sum();
    }

    /** Connections closed for exceeding the rate limit. */
    public long rateLimited() {
        return rateLimited.sum();
    }

    /** Connections closed for sending a frame over the size limit. */
    public long oversize() {
        return oversize.sum();
    }
}
