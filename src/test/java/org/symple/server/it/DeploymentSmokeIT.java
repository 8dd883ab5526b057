package org.symple.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.URL;
import java.util.Map;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.symple.server.it.support.EchoEndpoint;
import org.symple.server.it.support.WsProbe;

/** The packaged WAR deploys on the server under test and a JSR-356 endpoint in it answers over WebSocket. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DeploymentSmokeIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("smoke", Map.of("smoke.greeting", "hello world"), EchoEndpoint.class);
    }

    @ArquillianResource
    URL base;

    @Test
    void echoEndpointAnswersOverWebSocket() throws Exception {
        URI echo = Deployments.ws(base).resolve("echo");
        try (WsProbe ws = WsProbe.connect(echo)) {
            ws.send("ping");
            assertEquals("echo:ping", ws.next());
            ws.send("second");
            assertEquals("echo:second", ws.next());
        }
    }

    @Test
    void settingsReachTheDeployment() throws Exception {
        try (WsProbe ws = WsProbe.connect(Deployments.ws(base).resolve("echo"))) {
            ws.send("setting:smoke.greeting");
            assertEquals("setting:smoke.greeting=hello world", ws.next());
        }
    }
}
