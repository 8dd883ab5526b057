package org.symple.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.symple.server.it.support.EchoEndpoint;

/**
 * The packaged WAR deploys on the server of the active profile under its own context root, and a
 * WebSocket endpoint in it answers.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DeploymentSmokeIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("smoke", Map.of(), EchoEndpoint.class);
    }

    @ArquillianResource
    URL base;

    @Test
    void deployedUnderItsOwnContextRoot() {
        assertEquals("/smoke/", base.getPath());
        assertNotEquals(-1, base.getPort());
    }

    @Test
    void webSocketEchoes() throws Exception {
        URI uri = Deployments.ws(base).resolve("echo");
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        CompletableFuture<String> reply = new CompletableFuture<>();
        WebSocket ws = http.newWebSocketBuilder()
                .buildAsync(uri, new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            reply.complete(text.toString());
                        }
                        socket.request(1);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket socket, Throwable error) {
                        reply.completeExceptionally(error);
                    }
                })
                .get(20, TimeUnit.SECONDS);
        try {
            ws.sendText("hello symple", true).get(10, TimeUnit.SECONDS);
            assertEquals("hello symple", reply.get(20, TimeUnit.SECONDS));
        } finally {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
            ws.abort();
        }
    }
}
