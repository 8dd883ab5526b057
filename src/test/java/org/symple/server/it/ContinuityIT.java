package org.symple.server.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.symple.server.it.support.ReconnectingClient;
import org.symple.server.it.support.SecondInstance;
import org.symple.server.it.support.ServerTest;
import org.symple.server.it.support.TcpProxy;
import org.symple.server.it.support.TestClient;
import org.symple.server.testing.Deployments;
import org.symple.server.testing.Launcher;
import org.symple.server.testing.Ports;
import org.symple.server.testing.Product;
import org.symple.server.testing.ServerProcess;

/**
 * Transitions, with clients that behave like symple-client v4 (a roster never cleared, a new id at every connect, a
 * reconnect 3 s after a close, rooms joined again, a probe): after a cut, on the same or another instance, after a
 * restart and after an instance was killed, every roster ends true (no ghost, nothing missing). At the default
 * node timeout a killed instance's peers go offline elsewhere within 5 s, and an instance paused for 3 s loses none.
 * Instance A is the deployment under test; B is a second instance of the same product on the same Redis; each
 * client reaches its instance through a TCP proxy the test can cut and point elsewhere.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContinuityIT extends ServerTest {

    private static final Duration SETTLE = Duration.ofSeconds(20);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor();
    private static final SecondInstance CLUSTER = new SecondInstance("continuity");
    private final List<AutoCloseable> opened = new ArrayList<>();

    private static Map<String, String> settings() {
        return CLUSTER.settings();
    }

    @Deployment(testable = false)
    static WebArchive instanceA() {
        return Deployments.war("continuity", settings());
    }

    @AfterAll
    static void stopInstances() {
        CLUSTER.close();
    }

    private static ServerProcess b() {
        return CLUSTER.b();
    }

    /** A name unique to this use, so tests on one deployment never see each other. */
    private static String unique(String base) {
        return base + "-" + SEQUENCE.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 100_000, 36);
    }

    private TcpProxy proxyTo(URI target) {
        TcpProxy proxy = TcpProxy.to(target);
        opened.add(proxy);
        return proxy;
    }

    private ReconnectingClient client(TcpProxy proxy, String user, String room) {
        ReconnectingClient client = ReconnectingClient.start(proxy::uri, user, room);
        opened.add(client);
        await().atMost(SETTLE).until(client::isOnline);
        return client;
    }

    private void closeAll() {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception ignored) {
                // best effort
            }
        }
        opened.clear();
    }

    /** Waits until each client's roster is exactly the given clients' current addresses (itself included). */
    private static void awaitRostersTrue(List<ReconnectingClient> clients) {
        await().atMost(SETTLE).untilAsserted(() -> {
            Set<String> online = new HashSet<>();
            for (ReconnectingClient client : clients) {
                assertTrue(client.isOnline(), "every client is back online");
                online.add(client.address());
            }
            for (ReconnectingClient client : clients) {
                assertEquals(online, client.roster(), "roster of " + client.address() + " (ghosts and missing peers)");
            }
        });
    }

    @Test
    @Order(1)
    void aClientCutAndBackOnTheSameInstanceKeepsNoGhosts() {
        try {
            String room = unique("team");
            URI a = uri();
            TcpProxy alicesLine = proxyTo(a);
            ReconnectingClient alice = client(alicesLine, unique("alice"), room);
            ReconnectingClient bob = client(proxyTo(a), unique("bob"), room);
            ReconnectingClient carol = client(proxyTo(a), unique("carol"), room);
            awaitRostersTrue(List.of(alice, bob, carol));
            String before = alice.address();

            alicesLine.cut();
            carol.close(); // leaves while alice is away

            await().atMost(SETTLE).until(() -> alice.isOnline() && !before.equals(alice.address()));
            awaitRostersTrue(List.of(alice, bob));
        } finally {
            closeAll();
        }
    }

    @Test
    @Order(2)
    void aClientCutAndBackOnAnotherInstanceKeepsNoGhosts() {
        try {
            String room = unique("team");
            URI a = uri();
            TcpProxy alicesLine = proxyTo(a);
            ReconnectingClient alice = client(alicesLine, unique("alice"), room);
            ReconnectingClient bob = client(proxyTo(b().uri()), unique("bob"), room);
            ReconnectingClient carol = client(proxyTo(a), unique("carol"), room);
            awaitRostersTrue(List.of(alice, bob, carol));
            String before = alice.address();

            alicesLine.switchTo(b().uri());
            alicesLine.cut();
            carol.close();

            await().atMost(SETTLE).until(() -> alice.isOnline() && !before.equals(alice.address()));
            awaitRostersTrue(List.of(alice, bob));
        } finally {
            closeAll();
        }
    }

    @Test
    @Order(3)
    void anInstancePausedForThreeSecondsLosesNoPeer() {
        String room = unique("pause");
        try (TestClient dave = TestClient.online(uri(), unique("dave"), room);
                TestClient erin = TestClient.online(b().uri(), unique("erin"), room)) {
            await().atMost(SETTLE).until(() -> dave.drain().stream().anyMatch(f -> "presence".equals(f.getString("type"))));
            b().pause();
            TIMER.schedule(b()::resume, 3, TimeUnit.SECONDS);
            // well past the lease (0.8 x 5 s) counted from the pause, and the sweeps after it
            await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(10))
                    .until(() -> dave.count(text -> text.contains("\"online\":false")) == 0);
            erin.assertOpen();
        }
    }

    @Test
    @Order(4)
    void aKilledInstancesPeersGoOfflineWithinFiveSecondsAndTheirClientsComeBackTrue() {
        try {
            String room = unique("crash");
            URI a = uri();
            ReconnectingClient dave = client(proxyTo(a), unique("dave"), room);
            TcpProxy alicesLine = proxyTo(b().uri());
            TcpProxy bobsLine = proxyTo(b().uri());
            ReconnectingClient alice = client(alicesLine, unique("alice"), room);
            ReconnectingClient bob = client(bobsLine, unique("bob"), room);
            awaitRostersTrue(List.of(dave, alice, bob));
            TestClient observer = dave.connection();
            Set<String> doomed = Set.of(alice.address(), bob.address());

            alicesLine.switchTo(a);
            bobsLine.switchTo(a);
            long killed = System.nanoTime();
            CLUSTER.killB();

            await().atMost(Duration.ofSeconds(10)).until(() -> offline(observer).containsAll(doomed));
            for (String gone : doomed) {
                long millis = (observer.first(text -> text.contains(gone) && text.contains("\"online\":false")).nanos()
                        - killed) / 1_000_000;
                System.out.println("Offline presence of " + gone + " " + millis + " ms after SIGKILL of its instance");
                assertTrue(millis <= 5000, gone + " reported offline " + millis + " ms after the kill");
            }
            awaitRostersTrue(List.of(dave, alice, bob));
            assertEquals(doomed.size(), offline(observer).size(), "each peer reported offline once");
        } finally {
            closeAll();
        }
    }

    @Test
    @Order(5)
    void aRestartedServerWithRedisLeavesNoGhosts() {
        restartKeepsRostersTrue("restart-redis", settings());
    }

    @Test
    @Order(6)
    void aRestartedServerWithoutRedisLeavesNoGhosts() {
        restartKeepsRostersTrue("restart-alone", Map.of());
    }

    /** Three clients on a server of the product under test; the server is stopped (SIGTERM) and started again. */
    private void restartKeepsRostersTrue(String name, Map<String, String> settings) {
        Product product = Product.underTest();
        Launcher launcher = Launcher.of(product, Path.of("target", "instance-" + name)).port(Ports.free());
        launcher = product == Product.STANDALONE ? launcher.environment(settings)
                : launcher.app(Deployments.war(name, settings), "/");
        ServerProcess server = launcher.jvmOptions("-Xmx384m").start().awaitReady();
        try {
            String room = unique("restart");
            List<ReconnectingClient> clients = new ArrayList<>();
            for (String user : List.of("alice", "bob", "carol")) {
                clients.add(client(proxyTo(server.uri()), unique(user), room));
            }
            awaitRostersTrue(clients);
            Set<String> before = new HashSet<>();
            clients.forEach(client -> before.add(client.address()));

            server.terminate();
            server = launcher.keepingDirectory().start().awaitReady();

            await().atMost(SETTLE).until(() -> clients.stream().allMatch(c -> c.isOnline() && !before.contains(c.address())));
            awaitRostersTrue(clients);
        } finally {
            closeAll();
            server.close();
        }
    }

    /** The addresses a client was told went offline, each once. */
    private static List<String> offline(TestClient client) {
        List<String> gone = new ArrayList<>();
        for (TestClient.Arrival arrival : client.arrivals()) {
            JsonObject frame = TestClient.parse(arrival.text());
            if ("presence".equals(frame.getString("type")) && !frame.getJsonObject("data").getBoolean("online", true)) {
                gone.add(frame.getString("from"));
            }
        }
        return gone;
    }
}
