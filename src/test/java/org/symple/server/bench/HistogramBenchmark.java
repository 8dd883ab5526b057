package org.symple.server.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.symple.server.metrics.Metrics;

/**
 * What the metrics add to the hot paths: one histogram observation per routed frame, and per completed send
 * the frames-out counter and a latency observation, next to a bare striped counter increment, single-threaded and with two threads
 * contending. Run with {@code mvn -B -Pbench verify -Dbench.args="HistogramBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HistogramBenchmark {

    private final Metrics metrics = new Metrics();
    private final LongAdder counter = new LongAdder();
    private int recipients;
    private long nanos;

    @Benchmark
    public void counterIncrement() {
        counter.increment();
    }

    @Benchmark
    public void fanOutObservation() {
        metrics.fannedOut(recipients++ & 255);
    }

    @Benchmark
    public void sendLatencyObservation() {
        nanos = (nanos + 7919) % 50_000_000L;
        metrics.sent(nanos);
    }

    @Benchmark
    @Threads(2)
    public void counterIncrementTwoThreads() {
        counter.increment();
    }

    @Benchmark
    @Threads(2)
    public void sendLatencyObservationTwoThreads() {
        metrics.sent(123_456);
    }
}
