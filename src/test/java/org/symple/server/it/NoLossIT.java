package org.symple.server.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.symple.server.it.support.ServerProbe;
import org.symple.server.it.support.ServerTest;
import org.symple.server.it.support.TestClient;
import org.symple.server.testing.Deployments;

/**
 * Sustained traffic below the rate limit loses nothing: three senders each send 2000 numbered frames to a room at
 * about 700 frames per second (limit 2000 per second), and every reader gets every frame of every sender, in order.
 * A sender or reader closed by the server fails the test at once, with the close code.
 */
class NoLossIT extends ServerTest {

    private static final int SENDERS = 3;
    private static final int READERS = 3;
    private static final int FRAMES = 2000;

    @Deployment(testable = false)
    static WebArchive deployment() {
        // 2000 frames per second, over a 5 s window: a server that stalls a moment (a GC pause on a busy machine)
        // then reads a burst of queued frames stays within the limit, as a client sending at this pace would
        return Deployments.war("no-loss", Map.of("SYMPLE_RATE_LIMIT", "10000", "SYMPLE_RATE_SECONDS", "5"));
    }

    @Test
    void everyAcceptedFrameReachesEveryReaderInOrder() throws Exception {
        List<TestClient> readers = new ArrayList<>();
        List<TestClient> senders = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
        try {
            for (int i = 0; i < READERS; i++) {
                readers.add(TestClient.authenticating(uri(), "reader-nl" + i, "nl"));
            }
            for (int i = 0; i < SENDERS; i++) {
                senders.add(TestClient.online(uri(), "sender-nl" + i, "nl"));
            }
            List<Future<?>> running = new ArrayList<>();
            long start = System.nanoTime();
            for (int s = 0; s < SENDERS; s++) {
                TestClient sender = senders.get(s);
                int id = s;
                running.add(pool.submit(() -> {
                    long period = 1_400_000; // ~714 frames per second
                    long begin = System.nanoTime();
                    for (int n = 0; n < FRAMES; n++) {
                        LockSupport.parkNanos(begin + n * period - System.nanoTime());
                        sender.send("{\"type\":\"message\",\"to\":[\"nl\"],\"data\":{\"s\":" + id + ",\"n\":" + n + "}}");
                    }
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            await().atMost(Duration.ofSeconds(30)).alias("every reader has every frame")
                    .failFast("a client was closed", () -> {
                        readers.forEach(TestClient::assertOpen);
                        senders.forEach(TestClient::assertOpen);
                    })
                    .until(() -> readers.stream().allMatch(r -> r.count(t -> t.contains("\"s\":")) == (long) SENDERS * FRAMES));
            for (TestClient reader : readers) {
                Map<Integer, Integer> next = new HashMap<>();
                for (TestClient.Arrival arrival : reader.arrivals()) {
                    if (arrival.text().contains("\"s\":")) {
                        var data = TestClient.parse(arrival.text()).getJsonObject("data");
                        int sender = data.getInt("s");
                        int expected = next.getOrDefault(sender, 0);
                        assertEquals(expected, data.getInt("n"), "sender " + sender + " out of order or lost");
                        next.put(sender, expected + 1);
                    }
                }
                for (int s = 0; s < SENDERS; s++) {
                    assertEquals(FRAMES, next.getOrDefault(s, 0));
                }
                reader.assertOpen();
            }
            // the senders read each other's frames too
            for (TestClient sender : senders) {
                assertEquals((SENDERS - 1) * FRAMES, sender.drain().stream()
                        .filter(f -> "message".equals(f.getString("type"))).count());
            }
            assertEquals(0, new ServerProbe(base).count("closedSlow"));
            System.out.printf("NoLossIT: %d senders x %d frames to %d readers in %.1f s, all delivered in order%n",
                    SENDERS, FRAMES, READERS + SENDERS - 1, seconds);
        } finally {
            pool.shutdownNow();
            readers.forEach(TestClient::close);
            senders.forEach(TestClient::close);
        }
    }
}
