package org.symple.server.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.symple.server.it.support.ServerTest;
import org.symple.server.it.support.TestClient;
import org.symple.server.testing.Deployments;

/**
 * Crowds: a room joined by many clients at once ends with every roster exact, for clients that behave like
 * symple-client v4 (join, then probe, answer every probe) and for clients that asked for batched presence; and a room
 * beyond the presence limit (40 here, the size of the storms) still carries its messages to everyone while only its first members see each
 * other.
 */
class CrowdIT extends ServerTest {

    private static final int STORM = 40;
    private static final Duration SETTLE = Duration.ofSeconds(30);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("crowd", Map.of("SYMPLE_ROOM_PRESENCE_LIMIT", String.valueOf(STORM)));
    }

    /** {@code count} clients that join {@code room} at once and keep symple-client rosters. */
    private List<TestClient> storm(String room, int count, List<String> extensions) {
        List<TestClient> clients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            clients.add(TestClient.jsStyle(uri(), room + "-u" + i, ConcurrentHashMap.newKeySet(), List.of(room), extensions));
        }
        await().atMost(SETTLE).until(() -> clients.stream().allMatch(TestClient::isOnline));
        return clients;
    }

    private static void awaitExactRosters(List<TestClient> clients) {
        Set<String> everyone = new HashSet<>();
        clients.forEach(client -> everyone.add(client.address()));
        await().atMost(SETTLE).untilAsserted(() -> {
            for (TestClient client : clients) {
                assertEquals(everyone, Set.copyOf(client.roster()), "roster of " + client.address());
            }
        });
    }

    private static void closeAll(List<TestClient> clients) {
        clients.forEach(TestClient::close);
    }

    @Test
    void aStormOfSympleClientsEndsWithEveryRosterExact() {
        List<TestClient> clients = storm("storm-v4", STORM, List.of());
        try {
            awaitExactRosters(clients);
        } finally {
            closeAll(clients);
        }
    }

    @Test
    void aStormOfClientsWithBatchedPresenceEndsWithEveryRosterExactInFewFrames() {
        List<TestClient> clients = storm("storm-batch", STORM, List.of("presence-batch"));
        try {
            awaitExactRosters(clients);
            // the last to join learns of everyone already there from its join's snapshot: gathered into a frame or two
            // (how the others' arrivals bunch depends on the machine's timing, so their counts are not checked)
            TestClient last = clients.get(clients.size() - 1);
            long batches = last.count(text -> text.contains("\"type\":\"presence:batch\""));
            assertTrue(batches >= 1 && batches <= 2, last.address() + " learned of " + (STORM - 1) + " peers in " + batches + " batches");
            TestClient leaving = clients.remove(clients.size() - 1);
            leaving.close();
            awaitExactRosters(clients);
        } finally {
            closeAll(clients);
        }
    }

    @Test
    void beyondThePresenceLimitEveryoneGetsTheRoomsMessagesButOnlyTheFirstMembersSeeEachOther() {
        String room = "webinar-" + Long.toString(System.nanoTime() % 100_000, 36);
        List<TestClient> seeing = new ArrayList<>();
        List<TestClient> silent = new ArrayList<>();
        try {
            for (int i = 0; i < STORM + 2; i++) {
                TestClient client = TestClient.jsStyle(uri(), room + "-u" + i, ConcurrentHashMap.newKeySet(), List.of(room));
                await().atMost(SETTLE).until(() -> client.count(text -> text.contains("\"join:ok\"")) == 1);
                (i < STORM ? seeing : silent).add(client);
            }
            awaitExactRosters(seeing);
            for (TestClient quiet : silent) {
                assertEquals(Set.of(quiet.address()), Set.copyOf(quiet.roster()), "a silent member sees nobody");
            }
            silent.get(0).say(room, "from the back row");
            seeing.get(0).say(room, "from the front");
            for (TestClient client : List.of(seeing.get(1), silent.get(1))) {
                await().atMost(SETTLE).until(() -> client.chat().containsAll(List.of("from the back row", "from the front")));
            }
            awaitExactRosters(seeing); // the silent members' probes and presence reached none of them
        } finally {
            closeAll(seeing);
            closeAll(silent);
        }
    }
}
