package org.symple.server.it.support;

import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The teams fixture (alice and bob in team-a and x, eve in team-b, carol alone) with names unique to each use, so tests sharing a deployment never see each
 * other: alice and bob in team-a and x, eve in team-b, carol in no extra room. Backlogs are drained.
 */
public final class Teams implements AutoCloseable {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    public final String tag = "t" + SEQUENCE.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 100000, 36);
    public final String teamA = "team-a-" + tag;
    public final String x = "x-" + tag;
    public final String teamB = "team-b-" + tag;
    public final TestClient alice;
    public final TestClient bob;
    public final TestClient eve;
    public final TestClient carol;

    public Teams(URI uri) {
        alice = TestClient.online(uri, user("alice"), teamA, x);
        bob = TestClient.online(uri, user("bob"), teamA, x);
        eve = TestClient.online(uri, user("eve"), teamB);
        carol = TestClient.online(uri, user("carol"));
        drainAll();
    }

    /** A user name unique to this fixture. */
    public String user(String base) {
        return base + "-" + tag;
    }

    public void drainAll() {
        for (TestClient client : List.of(alice, bob, eve, carol)) {
            client.drain();
        }
    }

    @Override
    public void close() {
        for (TestClient client : List.of(alice, bob, eve, carol)) {
            client.close();
        }
    }
}
