package org.symple.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import org.junit.jupiter.api.Test;

/**
 * Counters count per event, and observations land in the right buckets, in the histograms' units (recipients;
 * seconds from nanoseconds).
 */
class MetricsTest {

    private static long cumulative(HistogramDataPointSnapshot point, double upperBound) {
        ClassicHistogramBuckets buckets = point.getClassicBuckets();
        long count = 0;
        for (int i = 0; i < buckets.size() && buckets.getUpperBound(i) <= upperBound; i++) {
            count += buckets.getCount(i);
        }
        return count;
    }

    @Test
    void eachCounterCountsItsOwnEvents() {
        Metrics metrics = new Metrics();
        metrics.count(Counter.FRAMES_IN);
        metrics.count(Counter.FRAMES_IN);
        metrics.count(Counter.OVERSIZE);
        assertEquals(2, metrics.total(Counter.FRAMES_IN));
        assertEquals(1, metrics.total(Counter.OVERSIZE));
        assertEquals(0, metrics.total(Counter.RATE_LIMITED));
    }

    @Test
    void aCompletedSendCountsAFrameOut() {
        Metrics metrics = new Metrics();
        metrics.sent(1_000);
        assertEquals(1, metrics.total(Counter.FRAMES_OUT));
    }

    @Test
    void fanOutCountsRecipientsPerFrame() {
        Metrics histograms = new Metrics();
        histograms.fannedOut(0);
        histograms.fannedOut(2);
        histograms.fannedOut(150);
        HistogramDataPointSnapshot point = histograms.fanOut().collect().getDataPoints().get(0);
        assertEquals(3, point.getCount());
        assertEquals(152, point.getSum());
        assertEquals(1, cumulative(point, 0));
        assertEquals(2, cumulative(point, 2));
        assertEquals(2, cumulative(point, 100));
        assertEquals(3, cumulative(point, 200));
    }

    @Test
    void sendLatencyIsRecordedInSeconds() {
        Metrics histograms = new Metrics();
        histograms.sent(50_000);        // 50 us
        histograms.sent(2_000_000);     // 2 ms
        histograms.sent(3_000_000_000L); // 3 s
        HistogramDataPointSnapshot point = histograms.sendLatency().collect().getDataPoints().get(0);
        assertEquals(3, point.getCount());
        assertEquals(3.00205, point.getSum(), 1e-9);
        assertEquals(1, cumulative(point, 0.0001));
        assertEquals(2, cumulative(point, 0.0025));
        assertEquals(2, cumulative(point, 2.5));
        assertEquals(3, cumulative(point, 5));
    }
}
