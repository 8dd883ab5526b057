package org.symple.server.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.symple.server.it.support.ServerTest;
import org.symple.server.it.support.TestClient;
import org.symple.server.testing.Deployments;

/** The bucket refills, so a sender that keeps to the rate is never cut off. */
class RateRefillIT extends ServerTest {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("rate-refill", Map.of("SYMPLE_RATE_LIMIT", "3", "SYMPLE_RATE_SECONDS", "1"));
    }

    // conformance T79
    @Test
    void threeFramesPerSecondTwiceWithAPauseAreAllDelivered() {
        try (TestClient bob = TestClient.online(uri(), "bob-79", "r-79"); TestClient alice = TestClient.online(uri(), "alice-79", "r-79")) {
            bob.drain();
            alice.drain();
            String dm = "{\"type\":\"message\",\"to\":\"" + bob.address() + "\"}";
            for (int i = 0; i < 3; i++) {
                alice.send(dm);
            }
            for (int i = 0; i < 3; i++) {
                assertEquals("message", bob.next().getString("type"));
            }
            long refilled = System.nanoTime() + 1_200_000_000L;
            await().atMost(Duration.ofSeconds(3)).until(() -> System.nanoTime() >= refilled);
            for (int i = 0; i < 3; i++) {
                alice.send(dm);
            }
            for (int i = 0; i < 3; i++) {
                assertEquals("message", bob.next().getString("type"));
            }
            alice.assertQuiet();
            assertFalse(alice.isClosed());
        }
    }
}
