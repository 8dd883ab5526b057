package org.symple.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.symple.server.it.support.RootEchoEndpoint;
import org.symple.server.it.support.WelcomeForwardServlet;
import org.symple.server.it.support.WsProbe;

/**
 * The context root serves both the browser page (plain GET) and a WebSocket endpoint at "/" (upgrade), the
 * shape of the real server. This checks the container, not the application: the archive is built from test
 * classes only, so it never clashes with the application's own endpoint at "/". On WildFly the upgrade works
 * only with the "" servlet mapping ({@link WelcomeForwardServlet}); without it WildFly answers with index.html.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ContextRootWebSocketIT {

    static final String PAGE = "<!doctype html><title>root page</title>";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.create(WebArchive.class, "rootws.war")
                .addClasses(RootEchoEndpoint.class, WelcomeForwardServlet.class)
                .addAsWebResource(new StringAsset(PAGE), "index.html");
    }

    @ArquillianResource
    URL base;

    @Test
    void webSocketUpgradeAtContextRootReachesTheEndpoint() throws Exception {
        try (WsProbe ws = WsProbe.connect(Deployments.ws(base))) {
            ws.send("ping");
            assertEquals("root:ping", ws.next());
        }
    }

    @Test
    void plainGetAtContextRootServesThePage() throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(WsProbe.TIMEOUT)
                .build();
        HttpResponse<String> page = http.send(
                HttpRequest.newBuilder(URI.create(base.toExternalForm())).timeout(WsProbe.TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("root page"), page.body());
    }
}
