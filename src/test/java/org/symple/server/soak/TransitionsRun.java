package org.symple.server.soak;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.symple.server.it.support.LoadBalancer;
import org.symple.server.it.support.ReconnectingClient;
import org.symple.server.it.support.RedisFixture;
import org.symple.server.it.support.TestClient;
import org.symple.server.testing.Deployments;
import org.symple.server.testing.Launcher;
import org.symple.server.testing.Ports;
import org.symple.server.testing.Product;
import org.symple.server.testing.ServerProcess;

/**
 * The figures of transitions, not part of the test suite ({@code mvn -B verify -DskipUnitTests
 * -Dit.test=TransitionsRun}, on Liberty or with {@code -Pwildfly}, {@code -Ppayara}, {@code -Pstandalone}):
 *
 * <ul>
 * <li>a rolling restart of two instances on one Redis behind nginx, with {@code transitions.clients} (1,000) clients
 * that behave like symple-client v4 in rooms of 10, once with the drain's spread ({@code SYMPLE_DRAIN_SECONDS=5})
 * and once without ({@code 0}): the peak rate of new connections on the instance that stays, and ghosts and missing
 * peers in the rosters once the clients are back;</li>
 * <li>crash detection over {@code transitions.trials} (10) kills: an instance with one peer is killed with SIGKILL and
 * a peer on the other instance waits for its offline presence (p50, p99 and the longest).</li>
 * </ul>
 */
class TransitionsRun {

    private static final int CLIENTS = Integer.getInteger("transitions.clients", 1000);
    private static final int TRIALS = Integer.getInteger("transitions.trials", 10);
    private static final int ROOM_SIZE = 10;
    private static final Duration SETTLE = Duration.ofMinutes(6);

    private static ServerProcess start(Launcher launcher) {
        return launcher.start().awaitReady(Duration.ofMinutes(5));
    }

    private static Launcher launcher(String name, int port, Map<String, String> settings) {
        Product product = Product.underTest();
        Launcher launcher = Launcher.of(product, Path.of("target", "transitions-" + name)).port(port).jvmOptions("-Xmx512m");
        return product == Product.STANDALONE ? launcher.environment(settings)
                : launcher.app(Deployments.war(name, settings), "/");
    }

    @Test
    void rollingRestartWithAndWithoutTheSpread() {
        List<String> lines = new ArrayList<>();
        for (int drain : new int[] {5, 0}) {
            lines.add(rollingRestart(drain));
        }
        System.out.println("\nRolling restart, " + CLIENTS + " clients in rooms of " + ROOM_SIZE + ", " + Product.underTest().id()
                + ", load " + loadAverage());
        System.out.println("| SYMPLE_DRAIN_SECONDS | peak reconnect attempts reaching the load balancer, per 100 ms / per s "
                + "| back online (s, last client) | rosters true (s after the second stop) | ghosts | missing "
                + "| reconnects turned away before a welcome |");
        System.out.println("|---|---|---|---|---|---|---|");
        lines.forEach(System.out::println);
    }

    private String rollingRestart(int drainSeconds) {
        try (RedisFixture redis = RedisFixture.start()) {
            Map<String, String> settings = Map.of("SYMPLE_REDIS_URL", redis.url(), "SYMPLE_DRAIN_SECONDS",
                    String.valueOf(drainSeconds), "SYMPLE_MAX_CONNECTIONS", String.valueOf(2 * CLIENTS));
            int portA = Ports.free();
            int portB = Ports.free();
            Launcher launcherA = launcher("rolling-a", portA, settings);
            Launcher launcherB = launcher("rolling-b", portB, settings);
            ServerProcess a = start(launcherA);
            ServerProcess b = start(launcherB);
            List<ReconnectingClient> clients = new ArrayList<>();
            try (LoadBalancer balancer = LoadBalancer.start(portA, portB)) {
                for (int i = 0; i < CLIENTS; i++) {
                    clients.add(ReconnectingClient.start(balancer::uri, "roll" + drainSeconds + "u" + i, "room" + i / ROOM_SIZE));
                }
                await().atMost(SETTLE).until(() -> clients.stream().allMatch(ReconnectingClient::isOnline));
                awaitRostersTrue(clients, Duration.ofMinutes(2));

                long[] peaks = new long[4];
                long stoppedA = System.nanoTime();
                long backA = restart(a, clients, stoppedA, peaks, 0);
                a = start(launcherA.keepingDirectory());
                long stoppedB = System.nanoTime();
                long backB = restart(b, clients, stoppedB, peaks, 2);
                int[] wrong = awaitRostersTrue(clients, Duration.ofMinutes(2));
                double trueAfter = (System.nanoTime() - stoppedB) / 1e9;
                b = start(launcherB.keepingDirectory());
                return "| " + drainSeconds + " | " + Math.max(peaks[0], peaks[2]) + " / " + Math.max(peaks[1], peaks[3])
                        + " | " + String.format("%.1f", Math.max(backA, backB) / 1e3) + " | "
                        + (wrong[0] + wrong[1] == 0 ? String.format("%.1f", trueAfter) : "not in 2 min") + " | " + wrong[0]
                        + " | " + wrong[1] + " | " + clients.stream().mapToInt(ReconnectingClient::refusals).sum() + " |";
            } finally {
                clients.forEach(ReconnectingClient::close);
                a.close();
                b.close();
            }
        }
    }

    /**
     * Stops the instance (SIGTERM), waits until every client it had is online again (on the other instance), and puts
     * the peak rates of the reconnect attempts at {@code peaks[at]} (per 100 ms) and {@code peaks[at + 1]} (per s);
     * returns the milliseconds until the last client was back.
     */
    private static long restart(ServerProcess instance, List<ReconnectingClient> clients, long stopped, long[] peaks, int at) {
        Map<ReconnectingClient, TestClient> before = new HashMap<>();
        clients.forEach(client -> before.put(client, client.connection()));
        instance.terminate();
        instance.awaitExit(SETTLE); // its drain closed every connection it had
        List<ReconnectingClient> moved = clients.stream().filter(c -> before.get(c).isClosed()).toList();
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(50))
                .until(() -> moved.stream().allMatch(c -> c.isOnline() && c.connection() != before.get(c)));
        long backMillis = (System.nanoTime() - stopped) / 1_000_000;
        List<Long> reconnects = new ArrayList<>();
        for (ReconnectingClient client : clients) {
            client.attemptNanos().stream().filter(t -> t > stopped).forEach(reconnects::add);
        }
        long[] times = reconnects.stream().mapToLong(Long::longValue).sorted().toArray();
        peaks[at] = peak(times, 100_000_000L);
        peaks[at + 1] = peak(times, 1_000_000_000L);
        return backMillis;
    }

    /** The most events in any window of {@code windowNanos} (times sorted). */
    static long peak(long[] times, long windowNanos) {
        long best = 0;
        int first = 0;
        for (int last = 0; last < times.length; last++) {
            while (times[last] - times[first] >= windowNanos) {
                first++;
            }
            best = Math.max(best, last - first + 1);
        }
        return best;
    }

    /**
     * Waits (up to {@code within}) until each client's roster is exactly the current addresses of its room; returns
     * the ghosts (roster entries that are not online) and missing peers summed over all clients at the end.
     */
    private static int[] awaitRostersTrue(List<ReconnectingClient> clients, Duration within) {
        int[] wrong = new int[2];
        try {
            await().atMost(within).until(() -> {
                int[] now = count(clients);
                wrong[0] = now[0];
                wrong[1] = now[1];
                return now[0] == 0 && now[1] == 0;
            });
        } catch (org.awaitility.core.ConditionTimeoutException stillWrong) {
            // reported as figures
        }
        return wrong;
    }

    private static int[] count(List<ReconnectingClient> clients) {
        Map<Integer, Set<String>> rooms = new HashMap<>();
        for (int i = 0; i < clients.size(); i++) {
            rooms.computeIfAbsent(i / ROOM_SIZE, k -> new HashSet<>()).add(clients.get(i).address());
        }
        int ghosts = 0;
        int missing = 0;
        for (int i = 0; i < clients.size(); i++) {
            Set<String> online = rooms.get(i / ROOM_SIZE);
            Set<String> roster = clients.get(i).roster();
            ghosts += (int) roster.stream().filter(peer -> !online.contains(peer)).count();
            missing += (int) online.stream().filter(peer -> !roster.contains(peer)).count();
        }
        return new int[] {ghosts, missing};
    }

    @Test
    void crashDetectionOverRepeatedKills() {
        try (RedisFixture redis = RedisFixture.start()) {
            Map<String, String> settings = Map.of("SYMPLE_REDIS_URL", redis.url());
            ServerProcess observer = start(launcher("crash-observer", Ports.free(), settings));
            long[] millis = new long[TRIALS];
            try {
                for (int trial = 0; trial < TRIALS; trial++) {
                    ServerProcess victim = start(launcher("crash-victim", Ports.free(), settings).keepingDirectory());
                    String room = "crash" + trial;
                    try (TestClient alice = TestClient.online(observer.uri(), "alice" + trial, room);
                            TestClient bob = TestClient.online(victim.uri(), "bob" + trial, room)) {
                        await().atMost(SETTLE).until(() -> alice.count(presence(bob.address(), true)) >= 1);
                        long killed = System.nanoTime();
                        victim.kill();
                        await().atMost(Duration.ofSeconds(60)).until(() -> alice.count(presence(bob.address(), false)) == 1);
                        millis[trial] = (alice.first(presence(bob.address(), false)).nanos() - killed) / 1_000_000;
                        assertEquals(1, alice.count(presence(bob.address(), false)), "offline exactly once");
                    } finally {
                        victim.close();
                    }
                }
            } finally {
                observer.close();
            }
            long[] sorted = millis.clone();
            Arrays.sort(sorted);
            System.out.println("\nCrash detection, " + TRIALS + " kills -9, default node timeout, " + Product.underTest().id()
                    + ", load " + loadAverage() + ": offline after (ms) " + Arrays.toString(millis) + "; p50 "
                    + sorted[(sorted.length - 1) / 2] + ", p99 " + sorted[(int) Math.ceil(0.99 * sorted.length) - 1]
                    + ", longest " + sorted[sorted.length - 1]);
        }
    }

    private static java.util.function.Predicate<String> presence(String from, boolean online) {
        return text -> {
            JsonObject frame = TestClient.parse(text);
            return "presence".equals(frame.getString("type", "")) && from.equals(frame.getString("from", ""))
                    && frame.getJsonObject("data").getBoolean("online", !online) == online;
        };
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
