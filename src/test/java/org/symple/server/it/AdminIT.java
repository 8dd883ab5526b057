package org.symple.server.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.symple.server.it.support.DiagnosticsServlet;
import org.symple.server.it.support.ServerProbe;
import org.symple.server.it.support.TestClient;
import org.symple.server.testing.Deployments;

/**
 * The admin views: {@code /health} answers the counts and nothing about peers, and the statistics MXBean
 * {@code org.symple:type=Server,name=<context path>} exists exactly while its application is deployed.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AdminIT {

    private static final String TARGET_MBEAN = "org.symple:type=Server,name=/admin-target";

    @ArquillianResource
    Deployer deployer;

    /** Deployed throughout; reads the server JVM's MBeans. */
    @ArquillianResource
    @OperateOnDeployment("admin-probe")
    URL probeBase;

    @Deployment(name = "admin-probe", testable = false)
    static WebArchive probe() {
        return Deployments.war("admin-probe", Map.of(), DiagnosticsServlet.class);
    }

    @Deployment(name = "admin-target", managed = false, testable = false)
    static WebArchive target() {
        return Deployments.war("admin-target", Map.of());
    }

    @Test
    void healthReportsCountsButNoPeerData() throws Exception {
        ServerProbe probe = new ServerProbe(probeBase);
        URI ws = Deployments.ws(probeBase);
        try (TestClient alice = TestClient.online(ws, "alice-admin", "room-admin");
                TestClient bob = TestClient.online(ws, "bob-admin", "room-admin")) {
            HttpResponse<String> response = probe.get("health");
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            assertFalse(response.body().contains("alice") || response.body().contains("room-admin")
                    || response.body().contains(alice.id()), response.body());
            JsonObject health = TestClient.parse(response.body());
            assertEquals("UP", health.getString("status"));
            assertEquals(2, health.getInt("connections"));
            assertEquals(2, health.getInt("peers"));
            assertEquals(3, health.getInt("rooms")); // two user rooms and the shared one
            assertTrue(health.getJsonNumber("framesIn").longValue() >= 2);
            assertTrue(health.getJsonNumber("framesOut").longValue() >= 2);
            for (String count : Set.of("queuedBytes", "framesCoalesced", "closedSlow", "queueOverflows", "sendTimeouts",
                    "sendFailures", "pingTimeouts", "authTimeouts", "rateLimited", "oversize", "connectionsOpened", "connectionsRefused")) {
                assertTrue(health.containsKey(count), count);
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> probe.count("peers") == 0 && probe.count("rooms") == 0);
    }

    /**
     * Needs a second deployment in the probe's JVM, deployed and undeployed while the probe runs; Payara Micro's
     * adapter starts each deployment as a process of its own (on the one test port), so on Payara this one is skipped.
     */
    @Test
    void theMxBeanIsRegisteredAtDeploymentAndRemovedAtUndeployment() throws Exception {
        Assumptions.assumeFalse("payara".equals(System.getProperty("arquillian.launch")),
                "Payara Micro runs one deployment per process: no second application in the probe's JVM");
        ServerProbe probe = new ServerProbe(probeBase);
        assertTrue(probe.mbean(TARGET_MBEAN).isEmpty(), "registered before deployment");
        deployer.deploy("admin-target");
        try {
            JsonObject attributes = probe.mbean(TARGET_MBEAN);
            assertEquals("UP", attributes.getString("Status"));
            assertEquals("0", attributes.getString("Connections"));
            try (TestClient carol = TestClient.online(Deployments.ws(new URL(probeBase, "/admin-target/")), "carol-admin")) {
                // the welcome is sent before the peer's rooms are registered, so wait for the figures to settle
                await().atMost(Duration.ofSeconds(5)).until(() -> "1".equals(probe.mbean(TARGET_MBEAN).getString("Rooms")));
                JsonObject online = probe.mbean(TARGET_MBEAN);
                assertEquals("1", online.getString("Connections"));
                assertEquals("1", online.getString("Peers"));
                assertEquals("1", online.getString("Rooms"));
                assertTrue(Long.parseLong(online.getString("FramesIn")) >= 1);
            }
            JsonObject own = probe.mbean("org.symple:type=Server,name=/admin-probe");
            assertEquals("UP", own.getString("Status"));
        } finally {
            deployer.undeploy("admin-target");
        }
        assertTrue(probe.mbean(TARGET_MBEAN).isEmpty(), "still registered after undeployment");
    }
}
