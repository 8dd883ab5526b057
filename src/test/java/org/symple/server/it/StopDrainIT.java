package org.symple.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.symple.server.it.support.RedisFixture;
import org.symple.server.it.support.ServerTest;
import org.symple.server.it.support.StandaloneTarget;
import org.symple.server.it.support.TestClient;
import org.symple.server.testing.Deployments;
import org.symple.server.testing.Launcher;
import org.symple.server.testing.Product;
import org.symple.server.testing.ServerProcess;

/**
 * Stopping a server the way an operator does: a second instance of the leg's server product (on the jar tier the
 * runner's jar) runs as a process of its own and is stopped with SIGTERM (and on Open Liberty also with
 * {@code server stop}). Its peers must get the shutdown notice and a 1001 close, and a peer on the deployment under
 * test, clustered over Redis, must hear them go offline at once, long before the node timeout would report them.
 */
class StopDrainIT extends ServerTest {

    private static final JsonObject NOTICE = Json.createObjectBuilder().add("type", "event").add("name", "shutdown")
            .add("subtype", "shutdown").add("message", "Server shutting down").build();
    private static final long NODE_TIMEOUT_SECONDS = 60;
    /** Far below the node timeout: only the stopping instance's own announcement can be this fast. */
    private static final Duration AT_ONCE = Duration.ofSeconds(5);
    private static RedisFixture redis;

    private static synchronized RedisFixture redis() {
        if (redis == null) {
            redis = RedisFixture.start();
        }
        return redis;
    }

    private static Map<String, String> settings() {
        return Map.of("SYMPLE_REDIS_URL", redis().url(), "SYMPLE_NODE_TIMEOUT", String.valueOf(NODE_TIMEOUT_SECONDS));
    }

    @Deployment(testable = false)
    static WebArchive observer() {
        return Deployments.war("drain-observer", settings());
    }

    /** A second instance of the server product under test, ready; skipped where there is none to start. */
    private static ServerProcess startInstance(String name) {
        assumeFalse("jvm".equals(System.getProperty(StandaloneTarget.PROPERTY)), "the in-JVM tier runs no server process");
        Product product = Product.underTest();
        assumeTrue(product.isInstalled(), () -> product.id() + " is not built on this tier");
        return Launcher.instance(product, name, settings()).awaitReady();
    }

    /**
     * WildFly's own shutdown hook unregisters the web context about 30 ms after SIGTERM, and Undertow then closes every
     * WebSocket with 1001 itself; the application's JVM hook, started at the same moment, does not get its notice out
     * first (graceful suspend does not help: WebSockets are not requests it waits for). There the close code is
     * checked, and whether the notice came is printed.
     */
    private static boolean containerClosesFirst() {
        return Product.underTest() == Product.WILDFLY;
    }

    /** Alice on the observer, bob and carol on the instance to be stopped, all in one room. */
    private record Peers(TestClient alice, TestClient bob, TestClient carol) implements AutoCloseable {
        static Peers on(java.net.URI observer, java.net.URI stopping, String room) {
            TestClient alice = TestClient.online(observer, "alice-" + room, room);
            TestClient bob = TestClient.online(stopping, "bob-" + room, room);
            TestClient carol = TestClient.online(stopping, "carol-" + room, room);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                    alice.count(online(bob, true)) == 1 && alice.count(online(carol, true)) == 1);
            return new Peers(alice, bob, carol);
        }

        @Override
        public void close() {
            alice.close();
            bob.close();
            carol.close();
        }
    }

    private static java.util.function.Predicate<String> online(TestClient peer, boolean online) {
        return text -> {
            JsonObject frame = TestClient.parse(text);
            return "presence".equals(frame.getString("type", "")) && peer.address().equals(frame.getString("from", ""))
                    && frame.getJsonObject("data").getBoolean("online") == online;
        };
    }

    /** Waits for both peers of the stopped instance to go offline at the observer; returns how long after {@code since}. */
    private static long offlineAtObserverMillis(Peers peers, long since) {
        org.awaitility.Awaitility.await().atMost(AT_ONCE).until(() ->
                peers.alice().count(online(peers.bob(), false)) == 1 && peers.alice().count(online(peers.carol(), false)) == 1);
        long last = Math.max(peers.alice().first(online(peers.bob(), false)).nanos(),
                peers.alice().first(online(peers.carol(), false)).nanos());
        return (last - since) / 1_000_000;
    }

    @Test
    void sigtermSendsEveryPeerTheNoticeThen1001AndTheClusterHearsAtOnce() {
        try (ServerProcess stopping = startInstance("drain-term");
                Peers peers = Peers.on(uri(), stopping.uri(), "room-term")) {
            long stopped = System.nanoTime();
            stopping.terminate();
            int noticed = 0;
            for (TestClient peer : List.of(peers.bob(), peers.carol())) {
                assertEquals(1001, peer.awaitClose(Duration.ofSeconds(10)));
                List<JsonObject> frames = peer.drain();
                if (!containerClosesFirst()) {
                    assertTrue(frames.contains(NOTICE), () -> "no shutdown notice before the close: " + frames);
                    assertEquals(NOTICE, frames.get(frames.size() - 1), "the notice is the last frame");
                }
                noticed += frames.contains(NOTICE) ? 1 : 0;
            }
            long millis = offlineAtObserverMillis(peers, stopped);
            System.out.println(Product.underTest().id() + " SIGTERM: 1001 to every peer, " + noticed + " of 2 got the notice first; the other "
                    + "instance reported them offline " + millis + " ms after the signal");
            peers.alice().assertOpen();
        }
    }

    /**
     * Open Liberty's {@code server stop} closes every WebSocket at the end of its quiesce stage, before it stops the
     * application or runs any JVM shutdown hook, and Liberty 26.0.0.3 runs no application code before that point.
     * This test pins that behaviour down (so that a Liberty which lets the notice through shows up as a failure
     * here), and checks that the cluster still hears of the peers at once: the application's stop announces them.
     */
    @Test
    void libertyServerStopClosesWebSocketsWith1006BeforeAnyApplicationCodeRuns() {
        assumeTrue(Product.underTest() == Product.LIBERTY, "server stop is Liberty's command");
        try (ServerProcess stopping = startInstance("drain-stop");
                Peers peers = Peers.on(uri(), stopping.uri(), "room-stop")) {
            long stopped = System.nanoTime();
            stopping.serverStop();
            for (TestClient peer : List.of(peers.bob(), peers.carol())) {
                assertEquals(1006, peer.awaitClose(Duration.ofSeconds(10)));
                assertFalse(peer.drain().contains(NOTICE));
            }
            long millis = offlineAtObserverMillis(peers, stopped);
            System.out.println("liberty server stop: 1006 without notice; the other instance reported the peers offline "
                    + millis + " ms after the command");
        }
    }
}
