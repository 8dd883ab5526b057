package org.symple.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
 * A half-open peer, one that stops answering pings (its network vanished, or it hangs), is dropped after two
 * missed pongs and reported offline to its co-members; peers that answer stay. Pings every second here.
 */
class HalfOpenPeerIT extends ServerTest {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("half-open", Map.of("SYMPLE_PING_INTERVAL", "1"));
    }

    @Test
    void aPeerThatStopsAnsweringPingsIsDroppedAndReportedOffline() {
        try (TestClient bob = TestClient.online(uri(), "bob-ho", "room-ho");
                RawWebSocket silent = RawWebSocket.connect(uri())) {
            bob.drain();
            silent.sendText("{\"type\":\"auth\",\"user\":\"silent-ho\",\"rooms\":[\"room-ho\"]}");
            String welcome = silent.nextText(Duration.ofSeconds(5));
            assertNotNull(welcome);
            String address = "silent-ho|" + TestClient.parse(welcome).getJsonObject("peer").getString("id");
            JsonObject online = bob.next();
            assertEquals(address, online.getString("from"));
            assertTrue(online.getJsonObject("data").getBoolean("online"));
            long since = System.nanoTime(); // from here on it neither reads nor answers pings

            String text = bob.poll(Duration.ofSeconds(8));
            double seconds = (System.nanoTime() - since) / 1e9;
            if (text == null) { // which half failed: the drop (no ping timeout counted) or the announcement of it
                ServerProbe probe = new ServerProbe(base);
                fail("no offline presence within 8 s; counted by the server: ping timeouts "
                        + probe.count("pingTimeouts") + ", send failures " + probe.count("sendFailures")
                        + "; bob closed: " + bob.isClosed());
            }
            JsonObject offline = TestClient.parse(text);
            assertEquals("presence", offline.getString("type"));
            assertEquals(address, offline.getString("from"));
            assertFalse(offline.getJsonObject("data").getBoolean("online"));
            // two missed pongs at a 1 s interval: not before 2 s, and within a few intervals
            assertTrue(seconds >= 1.5 && seconds <= 6, "dropped after " + seconds + " s");
            System.out.printf("HalfOpenPeerIT: silent peer reported offline after %.2f s%n", seconds);

            assertTrue(new ServerProbe(base).count("pingTimeouts") >= 1);
            int code = silent.drainUntilClose(Duration.ofSeconds(5));
            assertTrue(code == 1001 || code == 1006, "close code " + code);
        }
    }

    @Test
    void peersThatAnswerPingsStay() {
        try (TestClient carol = TestClient.online(uri(), "carol-ho", "stay-ho");
                TestClient dave = TestClient.online(uri(), "dave-ho", "stay-ho")) {
            carol.drain();
            dave.drain();
            dave.assertQuiet();
            String text = dave.poll(Duration.ofSeconds(4)); // four ping intervals
            assertEquals(null, text, "unexpected frame: " + text);
            assertFalse(carol.isClosed());
            carol.send("{\"type\":\"message\",\"to\":[\"stay-ho\"],\"data\":\"still here\"}");
            assertEquals("still here", dave.next().getString("data"));
        }
    }
}
