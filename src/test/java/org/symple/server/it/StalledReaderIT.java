package org.symple.server.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.symple.server.it.support.DiagnosticsServlet;
import org.symple.server.it.support.RawWebSocket;
import org.symple.server.it.support.ServerProbe;
import org.symple.server.it.support.ServerTest;
import org.symple.server.it.support.TestClient;
import org.symple.server.testing.Deployments;

/**
 * A peer that stops reading at the TCP level in a busy room, with the default queue bound (1 MiB) and send timeout:
 * it is disconnected by the overflow rule, the server's queued data stays within the bound, the heap returns to
 * where it was, and the other readers' latency stays within twice that of the same room without it.
 */
class StalledReaderIT extends ServerTest {

    private static final String ROOM = "busy";
    private static final int READERS = 4;
    private static final int RATE_HZ = 250;
    private static final String PAD = "x".repeat(4096);
    private static final long MAX_QUEUE_BYTES = 1024 * 1024;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("stalled-reader", Map.of("SYMPLE_RATE_LIMIT", "100000", "SYMPLE_RATE_SECONDS", "10"),
                DiagnosticsServlet.class);
    }

    @Test
    void aStalledReaderIsDroppedWithoutSlowingTheRoomOrGrowingTheHeap() throws Exception {
        ServerProbe probe = new ServerProbe(base);
        long heapBefore = probe.heapAfterGc();
        List<TestClient> readers = new ArrayList<>();
        for (int i = 0; i < READERS; i++) {
            readers.add(TestClient.authenticating(uri(), "reader-" + i, ROOM));
        }
        try (TestClient sender = TestClient.online(uri(), "sender", ROOM)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> readers.stream().allMatch(r -> r.count(t -> t.contains("\"welcome\"")) == 1));

            int warmUp = sendFor(sender, "W", Duration.ofSeconds(2), () -> false); // JIT and buffers, not measured
            awaitAll(readers, "W", warmUp);
            int sentA = sendFor(sender, "A", Duration.ofSeconds(3), () -> false);
            awaitAll(readers, "A", sentA);
            long[] latencyA = latencies(readers, "A");

            RawWebSocket stalled = RawWebSocket.connect(uri(), 4096);
            stalled.sendText("{\"type\":\"auth\",\"user\":\"stalled\",\"rooms\":[\"" + ROOM + "\"]}");
            String welcome = stalled.nextText(Duration.ofSeconds(5));
            assertNotNull(welcome, "stalled reader got no welcome");
            String address = "stalled|" + TestClient.parse(welcome).getJsonObject("peer").getString("id");
            long stalledSince = System.nanoTime(); // it never reads again
            await().atMost(Duration.ofSeconds(5)).until(() -> readers.stream().allMatch(r -> r.first(t -> isPresence(t, address, true)) != null));

            AtomicLong maxQueued = new AtomicLong();
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (sampling.get()) {
                    maxQueued.accumulateAndGet(probe.count("queuedBytes"), Math::max);
                    LockSupport.parkNanos(100_000_000);
                }
            });
            sampler.start();
            int sentB;
            try {
                sentB = sendFor(sender, "B", Duration.ofSeconds(30),
                        () -> readers.get(0).first(t -> isPresence(t, address, false)) != null);
            } finally {
                sampling.set(false);
                sampler.join();
            }
            TestClient.Arrival offline = readers.get(0).first(t -> isPresence(t, address, false));
            assertNotNull(offline, "the stalled reader was still online after 30 s");
            double disconnectSeconds = (offline.nanos() - stalledSince) / 1e9;
            awaitAll(readers, "B", sentB);
            long[] latencyB = latencies(readers, "B");

            int closeCode = stalled.drainUntilClose(Duration.ofSeconds(20));
            String closeReason = stalled.closeReason();
            stalled.close();
            JsonObject health = probe.health();
            readers.forEach(TestClient::close);
            sender.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> probe.count("connections") == 0);
            long heapAfter = probe.heapAfterGc();

            System.out.printf("StalledReaderIT: readers=%d rate=%d/s frame=%d B%n", READERS, RATE_HZ, PAD.length());
            System.out.printf("StalledReaderIT: without stalled reader: frames=%d p50=%.2f ms p99=%.2f ms%n",
                    sentA, ms(percentile(latencyA, 50)), ms(percentile(latencyA, 99)));
            System.out.printf("StalledReaderIT: with stalled reader:    frames=%d p50=%.2f ms p99=%.2f ms%n",
                    sentB, ms(percentile(latencyB, 50)), ms(percentile(latencyB, 99)));
            System.out.printf("StalledReaderIT: stalled reader disconnected after %.2f s, close code seen by it %d (%s), "
                    + "max queued %d B, heap before %.1f MB after %.1f MB, stats %s%n", disconnectSeconds, closeCode,
                    closeReason, maxQueued.get(), heapBefore / 1e6, heapAfter / 1e6, health);

            assertEquals(1, health.getJsonNumber("queueOverflows").longValue(), health::toString);
            assertEquals(1, health.getJsonNumber("closedSlow").longValue(), health::toString);
            assertTrue(closeCode == 1008 || closeCode == 1006, "close code " + closeCode);
            if (closeCode == 1008) {
                assertEquals("Send queue overflow", closeReason);
            }
            assertTrue(maxQueued.get() <= MAX_QUEUE_BYTES + 2 * (PAD.length() + 200L),
                    "queued " + maxQueued.get() + " bytes for one reader");
            assertTrue(heapAfter - heapBefore < 64_000_000, "heap grew from " + heapBefore + " to " + heapAfter);
            long blocked = (long) (disconnectSeconds * 1e9 / 2);
            assertWithinTwice("p50", percentile(latencyA, 50), percentile(latencyB, 50), Math.max(5_000_000, blocked / 4));
            assertWithinTwice("p99", percentile(latencyA, 99), percentile(latencyB, 99), Math.max(20_000_000, blocked));
        } finally {
            readers.forEach(TestClient::close);
        }
    }

    /**
     * B within twice A, or within an absolute allowance of it. A room blocked behind the stalled socket would wait
     * until that socket is dropped, so the allowance is derived from the time to drop it (half of it for p99, an
     * eighth for p50; at least 20 ms and 5 ms, so that loopback figures do not fail on scheduler noise): a loaded
     * machine delays everything by hundreds of milliseconds, a blocked room by the whole wait.
     */
    private static void assertWithinTwice(String name, long without, long with, long allowanceNanos) {
        assertTrue(with <= Math.max(2 * without, without + allowanceNanos),
                () -> name + " with the stalled reader " + ms(with) + " ms, without " + ms(without) + " ms");
    }

    private static boolean isPresence(String text, String address, boolean online) {
        return text.contains("\"presence\"") && text.contains(address) && text.contains("\"online\":" + online);
    }

    /** Sends one numbered, time-stamped frame to the room every 1/RATE_HZ s until the time is up or {@code stop}. */
    private static int sendFor(TestClient sender, String phase, Duration duration, java.util.function.BooleanSupplier stop) {
        long period = 1_000_000_000L / RATE_HZ;
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        int n = 0;
        for (long next = start; next < end && !stop.getAsBoolean(); next += period) {
            LockSupport.parkNanos(next - System.nanoTime());
            sender.send("{\"type\":\"message\",\"to\":[\"" + ROOM + "\"],\"data\":{\"p\":\"" + phase + "\",\"n\":" + n
                    + ",\"t\":" + System.nanoTime() + ",\"pad\":\"" + PAD + "\"}}");
            n++;
        }
        return n;
    }

    private static void awaitAll(List<TestClient> readers, String phase, int count) {
        String marker = "\"p\":\"" + phase + "\"";
        await().atMost(Duration.ofSeconds(20)).until(() -> readers.stream().allMatch(r -> r.count(t -> t.contains(marker)) == count));
        for (TestClient reader : readers) {
            int expected = 0;
            for (TestClient.Arrival arrival : reader.arrivals()) {
                if (arrival.text().contains(marker)) {
                    assertEquals(expected++, TestClient.parse(arrival.text()).getJsonObject("data").getInt("n"), "order");
                }
            }
        }
    }

    private static long[] latencies(List<TestClient> readers, String phase) {
        String marker = "\"p\":\"" + phase + "\"";
        return readers.stream().flatMap(r -> r.arrivals().stream()).filter(a -> a.text().contains(marker))
                .mapToLong(a -> a.nanos() - TestClient.parse(a.text()).getJsonObject("data").getJsonNumber("t").longValue())
                .sorted().toArray();
    }

    private static long percentile(long[] sorted, int p) {
        return sorted[Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
