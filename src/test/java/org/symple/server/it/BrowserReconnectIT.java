package org.symple.server.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.symple.server.it.support.Browser;
import org.symple.server.testing.Deployments;

/**
 * The page reconnects by itself: when its application is undeployed (a 1001 close, then refused handshakes) it
 * shows that it is reconnecting, and once the application is back it is online again in the rooms it had joined.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BrowserReconnectIT {

    @ArquillianResource
    Deployer deployer;

    @Deployment(name = "reconnect-web", managed = false, testable = false)
    static WebArchive target() {
        return Deployments.war("reconnect-web", Map.of());
    }

    @Test
    void thePageReconnectsAndRejoinsItsRoomsAfterTheServerComesBack() {
        Browser.requireChromium();
        String page = "http://127.0.0.1:" + System.getProperty("symple.test.port") + "/reconnect-web/";
        deployer.deploy("reconnect-web");
        boolean deployed = true;
        try (Browser browser = Browser.open()) {
            browser.go(page + "?user=mia-web&room=comeback-web");
            await().atMost(Duration.ofSeconds(60)).until(() -> "online".equals(browser.attribute("#state", "data-state"))
                    && browser.find("#rooms li[data-room='comeback-web']") != null);

            deployer.undeploy("reconnect-web");
            deployed = false;
            await().atMost(Duration.ofSeconds(60)).until(() -> "reconnecting".equals(browser.attribute("#state", "data-state")));
            assertTrue(browser.text("#state").startsWith("reconnecting in"), browser.text("#state"));

            deployer.deploy("reconnect-web");
            deployed = true;
            await().atMost(Duration.ofSeconds(90)).until(() -> "online".equals(browser.attribute("#state", "data-state"))
                    && browser.find("#rooms li[data-room='comeback-web']") != null);
        } finally {
            if (deployed) {
                deployer.undeploy("reconnect-web");
            }
        }
    }
}
