package org.symple.server.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.symple.server.it.support.Deployments;
import org.symple.server.it.support.RedisFixture;
import org.symple.server.it.support.TestClient;

/**
 * SPEC T74: two instances on one Redis (two deployments of the WAR, each with its own registries); one publication
 * reaches the matching peers of both, each once.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TwoInstancesIT {

    private static final String CHANNEL = "symple:broadcast";
    private static RedisFixture redis;

    @ArquillianResource
    @OperateOnDeployment("i1")
    URL first;

    @ArquillianResource
    @OperateOnDeployment("i2")
    URL second;

    private static synchronized RedisFixture redis() {
        if (redis == null) {
            redis = RedisFixture.start();
        }
        return redis;
    }

    @Deployment(name = "i1", testable = false)
    static WebArchive instanceOne() {
        return Deployments.war("instance-1", Map.of("SYMPLE_REDIS_URL", redis().url()));
    }

    @Deployment(name = "i2", testable = false)
    static WebArchive instanceTwo() {
        return Deployments.war("instance-2", Map.of("SYMPLE_REDIS_URL", redis().url()));
    }

    @Test
    void t74OnePublicationReachesThePeersOfEveryInstanceOnce() {
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.subscribers(CHANNEL) >= 2);
        try (TestClient alice = TestClient.online(Deployments.ws(first), "alice", "team-a");
                TestClient eve = TestClient.online(Deployments.ws(second), "eve", "team-b");
                TestClient bob = TestClient.online(Deployments.ws(second), "bob", "team-c")) {
            String text = "{\"type\":\"message\",\"from\":\"rails\",\"to\":[\"team-a\",\"team-b\"],\"data\":{\"n\":74}}";
            redis.publish(CHANNEL, text);
            JsonObject sent = TestClient.parse(text);
            assertEquals(sent, alice.next());
            assertEquals(sent, eve.next());
            alice.assertQuiet();
            eve.assertQuiet();
            bob.assertQuiet();
        }
    }
}
