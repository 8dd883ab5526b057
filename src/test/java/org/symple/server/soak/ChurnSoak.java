package org.symple.server.soak;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.symple.server.it.support.DiagnosticsServlet;
import org.symple.server.it.support.RawWebSocket;
import org.symple.server.it.support.ServerProbe;
import org.symple.server.it.support.ServerTest;
import org.symple.server.it.support.SessionCounter;
import org.symple.server.it.support.TestClient;
import org.symple.server.testing.Deployments;

/**
 * A long run of ordinary life against the deployed WAR ({@code mvn -B -Psoak,liberty verify -Dsoak.minutes=30},
 * or {@code -Psoak,wildfly} / {@code -Psoak,payara}; not part of the test suite): 20 resident peers in 4 rooms exchange room messages at a fixed 10 per second and change
 * their presence every 5 s; one connection per second comes, joins a room, talks, leaves the room and goes; every
 * 2 minutes a reader that stops reading is flooded until the server closes it. Once a minute the server JVM's
 * heap after GC, live threads, pending timers, live HTTP sessions, open connections, peers, rooms and queued bytes
 * are sampled and printed as a table. Heap and threads must end within a bound of the level after the first minute,
 * timers and sessions stay within a bound of it throughout, and the churn must leave no connection, peer or room
 * behind.
 */
class ChurnSoak extends ServerTest {

    private static final int RESIDENTS = 20;
    private static final int ROOMS = 4;
    /** Heap may end at most this much above the first sample: a leak of one KB per churned connection exceeds it within the hour. */
    private static final long HEAP_BOUND_BYTES = 24L * 1024 * 1024;
    /** Container pools grow and shrink with load; a leak of one thread per minute of churn exceeds this. */
    private static final long THREAD_BOUND = 20;
    /** Each connection holds one timer (its auth deadline) only until it authenticates; a few may be in flight. */
    private static final long TIMER_BOUND = 10;
    /**
     * The server keeps no HTTP session per connection; one per visitor would exceed this within minutes. Counts what
     * the servlet API reports: Liberty's own session per open WebSocket never reaches a listener (check it with a
     * class histogram of {@code MemorySession}, docs/testing.md "Soak").
     */
    private static final long SESSION_BOUND = 5;

    @Deployment(testable = false)
    static WebArchive soak() {
        return Deployments.war("soak", Map.of("SYMPLE_RATE_LIMIT", "100000", "SYMPLE_SEND_TIMEOUT", "5",
                "SYMPLE_MAX_QUEUE_BYTES", "262144"), DiagnosticsServlet.class, SessionCounter.class);
    }

    private record Sample(int minute, long heap, long threads, long timers, long sessions, long connections, long peers,
            long rooms, long queued, long churned, long closedSlow) {
    }

    @Test
    void heapThreadsAndConnectionsStayFlat() throws Exception {
        long minutes = Long.getLong("soak.minutes", 30);
        URI ws = uri();
        ServerProbe probe = new ServerProbe(base);
        List<TestClient> residents = new ArrayList<>();
        for (int i = 0; i < RESIDENTS; i++) {
            residents.add(TestClient.online(ws, "resident-" + i, "soak-room-" + (i % ROOMS)));
        }
        AtomicLong churned = new AtomicLong();
        AtomicLong tick = new AtomicLong();
        ScheduledExecutorService load = Executors.newScheduledThreadPool(3);
        load.scheduleAtFixedRate(() -> {
            long n = tick.incrementAndGet();
            TestClient from = residents.get((int) (n % RESIDENTS));
            from.send("{\"type\":\"message\",\"to\":[\"soak-room-" + (n % RESIDENTS) % ROOMS + "\"],\"data\":{\"n\":" + n + "}}");
            if (n % 50 == 0) {
                for (TestClient resident : residents) {
                    resident.send(Json.createObjectBuilder().add("type", "presence")
                            .add("data", Json.createObjectBuilder().add("status", n % 100 == 0 ? "away" : "online")).build());
                }
            }
        }, 100, 100, TimeUnit.MILLISECONDS);
        load.scheduleAtFixedRate(() -> {
            try (TestClient visitor = TestClient.online(ws, "visitor-" + churned.incrementAndGet())) {
                String room = "soak-room-" + churned.get() % ROOMS;
                visitor.send(Json.createObjectBuilder().add("type", "join").add("room", room).build());
                visitor.send("{\"type\":\"message\",\"to\":[\"" + room + "\"],\"data\":\"hello\"}");
                visitor.send(Json.createObjectBuilder().add("type", "leave").add("room", room).build());
            }
        }, 1, 1, TimeUnit.SECONDS);
        load.scheduleWithFixedDelay(() -> floodASlowReader(ws, probe), 2, 2, TimeUnit.MINUTES);

        List<Sample> samples = new ArrayList<>();
        long start = System.nanoTime();
        for (int minute = 1; minute <= minutes; minute++) {
            long due = start + TimeUnit.MINUTES.toNanos(minute);
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> System.nanoTime() >= due);
            samples.add(sample(minute, probe, churned.get()));
            System.out.println("soak " + samples.get(samples.size() - 1));
        }
        load.shutdown(); // lets a slow-reader round in progress finish and close its sockets
        if (!load.awaitTermination(2, TimeUnit.MINUTES)) {
            load.shutdownNow();
        }
        residents.forEach(TestClient::close);
        System.out.println("| minute | heap after GC (MB) | live threads | timers | HTTP sessions | connections | peers | rooms"
                + " | queued bytes | churned | closed slow |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (Sample s : samples) {
            System.out.printf("| %d | %.1f | %d | %d | %d | %d | %d | %d | %d | %d | %d |%n", s.minute(), s.heap() / 1048576.0,
                    s.threads(), s.timers(), s.sessions(), s.connections(), s.peers(), s.rooms(), s.queued(), s.churned(), s.closedSlow());
        }
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> probe.count("connections") == 0 && probe.count("peers") == 0
                    && probe.count("rooms") == 0);
        } catch (org.awaitility.core.ConditionTimeoutException left) {
            throw new AssertionError("left behind after the soak: " + probe.health(), left);
        }
        Sample first = samples.get(0);
        Sample last = samples.get(samples.size() - 1);
        assertTrue(last.heap() - first.heap() <= HEAP_BOUND_BYTES, "heap grew " + (last.heap() - first.heap()) + " bytes");
        assertTrue(last.threads() - first.threads() <= THREAD_BOUND, "threads grew " + (last.threads() - first.threads()));
        assertTrue(samples.stream().allMatch(s -> s.timers() <= first.timers() + TIMER_BOUND), "timers piled up");
        assertTrue(samples.stream().allMatch(s -> s.sessions() <= first.sessions() + SESSION_BOUND), "HTTP sessions piled up");
        assertTrue(samples.stream().allMatch(s -> s.connections() <= RESIDENTS + 3), "connections piled up");
    }

    /** Opens a reader that never reads, floods its room until the server closes it, and waits for that. */
    private static void floodASlowReader(URI ws, ServerProbe probe) {
        long before = probe.count("closedSlow");
        try (RawWebSocket stalled = RawWebSocket.connect(ws, 4096);
                TestClient flooder = TestClient.online(ws, "flooder", "soak-slow")) {
            stalled.sendText("{\"type\":\"auth\",\"user\":\"stalled\",\"rooms\":[\"soak-slow\"]}");
            String payload = "x".repeat(1024);
            // 20 KB per 10 ms: beyond what any container buffers for a socket (Payara about 12 MB) within seconds
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> {
                for (int i = 0; i < 20; i++) {
                    flooder.send("{\"type\":\"message\",\"to\":[\"soak-slow\"],\"data\":\"" + payload + "\"}");
                }
                return probe.count("closedSlow") > before;
            });
        } catch (RuntimeException e) {
            System.out.println("soak: slow reader round failed: " + e);
        }
    }

    private static Sample sample(int minute, ServerProbe probe, long churned) {
        var health = probe.health();
        return new Sample(minute, probe.heapAfterGc(), probe.liveThreads(), probe.pendingTimers(), probe.liveSessions(),
                health.getJsonNumber("connections").longValue(),
                health.getJsonNumber("peers").longValue(), health.getJsonNumber("rooms").longValue(),
                health.getJsonNumber("queuedBytes").longValue(), churned, health.getJsonNumber("closedSlow").longValue());
    }
}
