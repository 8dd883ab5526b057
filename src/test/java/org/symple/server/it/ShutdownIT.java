package org.symple.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.symple.server.it.support.TestClient;
import org.symple.server.testing.Deployments;

/**
 * Undeploying the server sends every peer the shutdown notice, then closes with 1001. WildFly closes an
 * undeployed application's WebSockets itself (1001) before any application code runs, so there only the close
 * code can be checked.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ShutdownIT {

    @ArquillianResource
    Deployer deployer;

    @Deployment(name = "stopping", managed = false, testable = false)
    static WebArchive stopping() {
        return Deployments.war("stopping", Map.of());
    }

    // conformance T14
    @Test
    void undeployingSendsTheShutdownNoticeThenCloses() throws Exception {
        deployer.deploy("stopping");
        URI uri = URI.create("ws://127.0.0.1:" + System.getProperty("symple.test.port") + "/stopping/");
        try (TestClient alice = TestClient.online(uri, "alice-14")) {
            deployer.undeploy("stopping");
            assertEquals(1001, alice.awaitClose(Duration.ofSeconds(10)));
            List<JsonObject> frames = alice.drain();
            if (!"wildfly".equals(System.getProperty("arquillian.launch"))) {
                assertEquals(List.of(Json.createObjectBuilder().add("type", "event").add("name", "shutdown")
                        .add("subtype", "shutdown").add("message", "Server shutting down").build()), frames);
            } else {
                assertTrue(frames.isEmpty(), frames::toString);
            }
        }
    }
}
