package org.symple.server.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.symple.server.it.support.RedisFixture;
import org.symple.server.it.support.ServerTest;
import org.symple.server.it.support.TcpProxy;
import org.symple.server.it.support.TestClient;
import org.symple.server.testing.Deployments;
import org.symple.server.testing.Launcher;
import org.symple.server.testing.Product;
import org.symple.server.testing.ServerProcess;
import redis.clients.jedis.Jedis;

/**
 * The large-room policy across two instances that admit members at the same time: instance A (the deployment under
 * test) and instance B (the same product) share one Redis, B through a TCP proxy the test cuts. While B is cut off,
 * two members join a room of presence limit 2 on each instance, so each instance admits its own two as seeing members.
 * Once B is back, every instance takes the decision of each member's own instance: the four seeing members all see each
 * other, and the rosters of symple-client-like clients agree.
 */
class LargeRoomClusterIT extends ServerTest {

    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static RedisFixture redis;
    private static TcpProxy bLine;
    private static ServerProcess b;

    private static synchronized RedisFixture redis() {
        if (redis == null) {
            redis = RedisFixture.start();
        }
        return redis;
    }

    /** Presence limit 2; a node timeout well beyond the cut, so that nobody takes B's peers for gone meanwhile. */
    private static Map<String, String> settings(String redisUrl) {
        return Map.of("SYMPLE_REDIS_URL", redisUrl, "SYMPLE_ROOM_PRESENCE_LIMIT", "2", "SYMPLE_NODE_TIMEOUT", "60");
    }

    @Deployment(testable = false)
    static WebArchive instanceA() {
        return Deployments.war("largeroom-a", settings(redis().url()));
    }

    @BeforeAll
    static void startInstanceB() {
        bLine = TcpProxy.to(URI.create("redis://127.0.0.1:" + redis().port()));
        b = Launcher.instance(Product.underTest(), "largeroom-b",
                settings("redis://127.0.0.1:" + bLine.uri().getPort())).awaitReady();
        await().atMost(SETTLE).until(() -> nodes() == 2);
    }

    @AfterAll
    static void stopInstanceB() {
        if (b != null) {
            b.close();
        }
        if (bLine != null) {
            bLine.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static long nodes() {
        try (Jedis jedis = redis.client()) {
            return jedis.scard("symple:nodes");
        }
    }

    @Test
    void membersAdmittedAsSeeingOnTwoInstancesAtOnceAllSeeEachOtherOnceTheInstancesHearOfEachOther() {
        String room = "hall-lr";
        bLine.refuse(true);
        bLine.cut(); // B loses Redis: it hears nothing of A's members, and A nothing of B's
        Set<String> alice = ConcurrentHashMap.newKeySet();
        Set<String> bob = ConcurrentHashMap.newKeySet();
        Set<String> carol = ConcurrentHashMap.newKeySet();
        Set<String> dave = ConcurrentHashMap.newKeySet();
        try (TestClient a1 = TestClient.jsStyle(uri(), "alice-lr", alice, List.of(room));
                TestClient a2 = TestClient.jsStyle(uri(), "bob-lr", bob, List.of(room));
                TestClient b1 = TestClient.jsStyle(b.uri(), "carol-lr", carol, List.of(room));
                TestClient b2 = TestClient.jsStyle(b.uri(), "dave-lr", dave, List.of(room))) {
            await().atMost(SETTLE).until(() -> a1.isOnline() && a2.isOnline() && b1.isOnline() && b2.isOnline());
            Set<String> onA = Set.of(a1.address(), a2.address());
            Set<String> onB = Set.of(b1.address(), b2.address());
            // each instance admitted its own two as the room's seeing members
            await().atMost(SETTLE).until(() -> alice.equals(onA) && bob.equals(onA));
            await().atMost(SETTLE).until(() -> carol.equals(onB) && dave.equals(onB));

            bLine.refuse(false); // B reconnects, writes its records again and reads A's

            Set<String> everyone = Set.of(a1.address(), a2.address(), b1.address(), b2.address());
            await().atMost(SETTLE).until(() -> alice.equals(everyone) && bob.equals(everyone)
                    && carol.equals(everyone) && dave.equals(everyone));
            // and it stays so: no instance withdraws what the other admitted
            a1.sync(Duration.ofSeconds(5));
            b1.sync(Duration.ofSeconds(5));
            for (Set<String> roster : List.of(alice, bob, carol, dave)) {
                assertEquals(everyone, roster);
            }
        }
    }
}
