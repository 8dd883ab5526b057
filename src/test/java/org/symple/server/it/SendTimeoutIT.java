package org.symple.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.symple.server.it.support.RawWebSocket;
import org.symple.server.it.support.ServerProbe;
import org.symple.server.it.support.ServerTest;
import org.symple.server.it.support.TestClient;
import org.symple.server.testing.Deployments;

/**
 * The send watchdog on its own: a queue bound too large to overflow (64 MiB), pings every 30 s, and a 2 s send
 * timeout. A reader that stops reading with a send in flight is closed by the watchdog and reported offline.
 */
class SendTimeoutIT extends ServerTest {

    private static final String PAD = "t".repeat(16 * 1024);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("send-timeout", Map.of("SYMPLE_SEND_TIMEOUT", "2",
                "SYMPLE_MAX_QUEUE_BYTES", String.valueOf(64 * 1024 * 1024),
                "SYMPLE_RATE_LIMIT", "100000", "SYMPLE_RATE_SECONDS", "10"));
    }

    @Test
    void aSendStuckLongerThanTheTimeoutClosesTheConnection() {
        ServerProbe probe = new ServerProbe(base);
        try (TestClient sender = TestClient.online(uri(), "sender-st", "st");
                RawWebSocket stuck = RawWebSocket.connect(uri(), 4096)) {
            stuck.sendText("{\"type\":\"auth\",\"user\":\"stuck-st\",\"rooms\":[\"st\"]}");
            String welcome = stuck.nextText(Duration.ofSeconds(5));
            assertNotNull(welcome);
            String address = "stuck-st|" + TestClient.parse(welcome).getJsonObject("peer").getString("id");
            assertTrue(sender.next().getJsonObject("data").getBoolean("online"));
            // 16 MB: more than the kernel and any of the containers buffers for a reader that does not read
            // (Payara Micro takes about 12 MB before its send stalls)
            for (int i = 0; i < 1024; i++) {
                sender.send("{\"type\":\"message\",\"to\":\"" + address + "\",\"data\":{\"n\":" + i + ",\"pad\":\"" + PAD + "\"}}");
            }
            long sent = System.nanoTime();
            JsonObject offline = sender.next(Duration.ofSeconds(10));
            double seconds = (System.nanoTime() - sent) / 1e9;
            assertEquals(address, offline.getString("from"));
            assertFalse(offline.getJsonObject("data").getBoolean("online"));
            assertEquals(1, probe.count("sendTimeouts"));
            assertEquals(0, probe.count("queueOverflows"));
            assertEquals(1, probe.count("connections"));
            System.out.printf("SendTimeoutIT: stuck reader dropped %.2f s after the last frame was queued%n", seconds);
        }
    }
}
