package org.symple.server.metrics;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.snapshots.Unit;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Distributions recorded on the hot paths of one deployment: how many peers each routed frame reached, and how
 * long each completed send waited for the container. Observing is lock-free and allocation-free (striped adders
 * inside the Prometheus client); the histograms are exported by the metrics endpoint.
 */
@ApplicationScoped
public class TrafficHistograms {

    private static final double[] FANOUT_BOUNDS = {0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000};
    private static final double[] LATENCY_BOUNDS = {
        0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
    private static final double NANOS_PER_SECOND = 1e9;

    private final Histogram fanOut = (Histogram) Histogram.builder()
            .name("symple_fanout_recipients")
            .help("Peers that one routed or injected frame was delivered to (local and on other instances)")
            .classicOnly()
            .classicUpperBounds(FANOUT_BOUNDS)
            .withoutExemplars()
            .build();

    private final Histogram sendLatency = (Histogram) Histogram.builder()
            .name("symple_send_latency_seconds")
            .help("Time from starting an asynchronous WebSocket send until the container reported it complete")
            .unit(Unit.SECONDS)
            .classicOnly()
            .classicUpperBounds(LATENCY_BOUNDS)
            .withoutExemplars()
            .build();

    /** One frame reached this many recipients. */
    public void fannedOut(int recipients) {
        fanOut.observe(recipients);
    }

    /** One send completed after this many nanoseconds in flight. */
    public void sendCompleted(long nanos) {
        sendLatency.observe(nanos / NANOS_PER_SECOND);
    }

    public Histogram fanOut() {
        return fanOut;
    }

    public Histogram sendLatency() {
        return sendLatency;
    }
}
