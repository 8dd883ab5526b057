package org.symple.server.metrics;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.snapshots.Unit;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * What the server counts and measures on its hot paths: one striped adder per {@link Counter}, the fan-out size of
 * every routed frame and the latency of every completed send. Recording is lock-free and allocation-free; the
 * admin figures ({@code /health}, JMX, {@code /metrics}, the admin view) read from here.
 */
@ApplicationScoped
public class Metrics {

    private static final double[] FANOUT_BOUNDS = {0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000};
    private static final double[] LATENCY_BOUNDS = {
        0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
    private static final double NANOS_PER_SECOND = 1e9;

    private final LongAdder[] counters = new LongAdder[Counter.values().length];

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

    /** This bean itself, not the container's client proxy of it (see {@code PeerRegistry.unproxied()}). */
    public Supplier<Metrics> unproxied() {
        Metrics self = this;
        return () -> self;
    }

    public Metrics() {
        for (int i = 0; i < counters.length; i++) {
            counters[i] = new LongAdder();
        }
    }

    public void count(Counter counter) {
        counters[counter.ordinal()].increment();
    }

    public long total(Counter counter) {
        return counters[counter.ordinal()].sum();
    }

    /** One send of one frame completed after this many nanoseconds in flight. */
    public void sent(long nanos) {
        sent(nanos, 1);
    }

    /** One send (one write of this many frames) completed after this many nanoseconds in flight. */
    public void sent(long nanos, int frames) {
        counters[Counter.FRAMES_OUT.ordinal()].add(frames);
        sendLatency.observe(nanos / NANOS_PER_SECOND);
    }

    /** One frame reached this many recipients. */
    public void fannedOut(int recipients) {
        fanOut.observe(recipients);
    }

    public Histogram fanOut() {
        return fanOut;
    }

    public Histogram sendLatency() {
        return sendLatency;
    }
}
