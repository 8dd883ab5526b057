package org.symple.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.symple.server.it.support.ServerProbe;
import org.symple.server.it.support.ServerTest;
import org.symple.server.it.support.TestClient;
import org.symple.server.testing.Deployments;

/**
 * Pings never collide with the frames a peer is being sent: a peer that receives a steady stream while the server
 * pings it four times a second keeps its connection and gets every frame (a container that refuses a send while its
 * ping is being written must never cost the peer its connection).
 */
class PingDuringTrafficIT extends ServerTest {

    private static final Duration STREAM = Duration.ofSeconds(4);
    private static final int ROUND = 50;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("ping-traffic", Map.of("SYMPLE_PING_INTERVAL", "0.25",
                "SYMPLE_RATE_LIMIT", "1000000", "SYMPLE_RATE_SECONDS", "1"));
    }

    @Test
    void aPeerReceivingAStreamWhileBeingPingedKeepsItsConnectionAndEveryFrame() {
        ServerProbe probe = new ServerProbe(base);
        long pingTimeoutsBefore = probe.count("pingTimeouts");
        long sendFailuresBefore = probe.count("sendFailures");
        try (TestClient sender = TestClient.online(uri(), "sender-pt", "stream-pt");
                TestClient receiver = TestClient.online(uri(), "receiver-pt", "stream-pt")) {
            sender.drain();
            receiver.drain();
            String to = receiver.address();
            long until = System.nanoTime() + STREAM.toNanos(); // sixteen pings of the receiver
            int sent = 0;
            while (System.nanoTime() < until) { // in rounds, so that the receiver's queue stays far below its bound
                int first = sent;
                for (int i = 0; i < ROUND; i++) {
                    sender.send("{\"type\":\"message\",\"to\":\"" + to + "\",\"data\":{\"n\":" + sent++ + "}}");
                }
                for (int n = first; n < sent; n++) {
                    String text = receiver.poll(Duration.ofSeconds(10));
                    assertNotNull(text, "message " + n + " never arrived; the receiver's close code: " + receiver.closeCode(Duration.ZERO));
                    JsonObject frame = TestClient.parse(text);
                    assertEquals("message", frame.getString("type"), text);
                    assertEquals(n, frame.getJsonObject("data").getInt("n"));
                }
            }
            assertFalse(receiver.isClosed(), "the receiver was closed");
            assertFalse(sender.isClosed(), "the sender was closed");
            assertEquals(pingTimeoutsBefore, probe.count("pingTimeouts"), "a peer that answers pings timed out");
            assertEquals(sendFailuresBefore, probe.count("sendFailures"), "the container failed a send");
        }
    }
}
