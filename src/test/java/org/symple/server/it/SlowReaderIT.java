package org.symple.server.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * Readers that fall behind, with a 256 KiB queue bound: while the connection lives no {@code call:} frame is ever
 * dropped (only a peer's older presence may be replaced by its newer one), and a reader that falls too far behind is
 * closed with 1008 after a gap-free prefix of what was sent to it.
 */
class SlowReaderIT extends ServerTest {

    private static final long MAX_QUEUE_BYTES = 256 * 1024;
    private static final String PAD = "c".repeat(16 * 1024);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("slow-reader", Map.of("SYMPLE_MAX_QUEUE_BYTES", String.valueOf(MAX_QUEUE_BYTES),
                "SYMPLE_RATE_LIMIT", "100000", "SYMPLE_RATE_SECONDS", "10"));
    }

    private static String call(String to, String subtype, int n, String pad) {
        return "{\"type\":\"message\",\"subtype\":\"" + subtype + "\",\"to\":\"" + to + "\",\"data\":{\"n\":" + n
                + ",\"pad\":\"" + pad + "\"}}";
    }

    /** Authenticates a raw reader (tiny receive buffer) and reads its welcome and {@code snapshot} presence frames. */
    private RawWebSocket slowReader(String user, String room, int snapshot, List<String> address) {
        RawWebSocket raw = RawWebSocket.connect(uri(), 4096);
        raw.sendText("{\"type\":\"auth\",\"user\":\"" + user + "\",\"rooms\":[\"" + room + "\"]}");
        String welcome = raw.nextText(Duration.ofSeconds(5));
        assertNotNull(welcome);
        address.add(user + "|" + TestClient.parse(welcome).getJsonObject("peer").getString("id"));
        for (int i = 0; i < snapshot; i++) {
            assertNotNull(raw.nextText(Duration.ofSeconds(5)), "snapshot");
        }
        return raw;
    }

    @Test
    void callFramesAreNeverDroppedWhilePresenceOfOnePeerIsCoalesced() {
        ServerProbe probe = new ServerProbe(base);
        long coalescedBefore = probe.count("framesCoalesced");
        long overflowsBefore = probe.count("queueOverflows");
        long connectionsBefore = probe.count("connections");
        List<String> address = new ArrayList<>();
        try (TestClient caller = TestClient.online(uri(), "caller-sr", "call-sr");
                TestClient status = TestClient.online(uri(), "status-sr", "call-sr");
                RawWebSocket reader = slowReader("reader-sr", "call-sr", 2, address)) {
            String to = address.get(0);
            // the reader stops reading; fill the container's and the kernel's buffers, then a third of its queue. One
            // frame at a time, each counted in by the server before the next, so the fill stops within a frame or two
            // of a third of the bound however much the container buffers before a send stalls (Payara: about 12 MB)
            long framesIn = probe.count("framesIn");
            int n = 0;
            while (probe.count("queuedBytes") < MAX_QUEUE_BYTES / 3) {
                caller.send(call(to, "call:candidate", n++, PAD));
                long counted = framesIn + n;
                await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(2)).until(() -> probe.count("framesIn") >= counted);
                assertTrue(n < 4000, "the reader's queue never filled");
            }
            for (int i = 0; i < 30; i++) {
                status.send("{\"type\":\"presence\",\"data\":{\"status\":\"s" + i + "\"}}");
            }
            int calls = n + 10;
            for (; n < calls; n++) {
                caller.send(call(to, "call:hangup", n, ""));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> probe.count("framesCoalesced") > coalescedBefore);
            assertEquals(overflowsBefore, probe.count("queueOverflows"));

            List<JsonObject> received = new ArrayList<>();
            for (String text = reader.nextText(Duration.ofSeconds(5)); text != null; text = reader.nextText(Duration.ofSeconds(2))) {
                received.add(TestClient.parse(text));
            }
            assertEquals(-1, reader.closeCode(), "the slow reader was closed");
            List<Integer> numbers = received.stream().filter(f -> f.getString("subtype", "").startsWith("call:"))
                    .map(f -> f.getJsonObject("data").getInt("n")).toList();
            assertEquals(calls, numbers.size(), "call frames lost");
            for (int i = 0; i < calls; i++) {
                assertEquals(i, numbers.get(i), "call frames out of order");
            }
            List<JsonObject> presence = received.stream().filter(f -> "presence".equals(f.getString("type"))).toList();
            assertTrue(presence.size() < 30, "no presence was coalesced");
            assertEquals("s29", presence.get(presence.size() - 1).getJsonObject("data").getString("status"),
                    "the latest presence must win");
            System.out.printf("SlowReaderIT: %d call frames all delivered in order; 30 presence updates arrived as %d%n",
                    calls, presence.size());
        }
    }

    @Test
    void aReaderTooFarBehindIsClosedAfterAGapFreePrefix() {
        ServerProbe probe = new ServerProbe(base);
        // sockets of an earlier test may still be closing: start from none, so the count below means this test's
        await().atMost(Duration.ofSeconds(10)).until(() -> probe.count("connections") == 0);
        long overflowsBefore = probe.count("queueOverflows");
        List<String> address = new ArrayList<>();
        try (TestClient caller = TestClient.online(uri(), "caller-gap", "gap-room");
                RawWebSocket reader = slowReader("reader-gap", "gap-room", 1, address)) {
            caller.drain();
            String to = address.get(0);
            int sent = 0;
            while (!caller.drain().stream().anyMatch(f -> "presence".equals(f.getString("type"))
                    && !f.getJsonObject("data").getBoolean("online"))) {
                for (int i = 0; i < 20; i++) {
                    caller.send(call(to, "call:offer", sent++, PAD));
                }
                assertTrue(sent < 4000, "the reader was never closed");
            }
            assertEquals(overflowsBefore + 1, probe.count("queueOverflows"));
            List<Integer> numbers = new ArrayList<>();
            for (String text = reader.nextText(Duration.ofSeconds(5)); text != null; text = reader.nextText(Duration.ofSeconds(5))) {
                numbers.add(TestClient.parse(text).getJsonObject("data").getInt("n"));
            }
            for (int i = 0; i < numbers.size(); i++) {
                assertEquals(i, numbers.get(i), "gap in what the reader got");
            }
            assertTrue(numbers.size() < sent, "everything arrived, nothing overflowed");
            int code = reader.closeCode();
            if (code == -1) {
                // Payara keeps a stalled TCP connection open after close(); the server has let go of it anyway
                assertEquals(1, probe.count("connections"), "only the caller is still counted");
            } else {
                assertTrue(code == 1008 || code == 1006, "close code " + code);
            }
            if (code == 1008) {
                assertEquals("Send queue overflow", reader.closeReason());
            }
            System.out.printf("SlowReaderIT: overflowing reader got %d of %d call frames, gap-free, then close %d%n",
                    numbers.size(), sent, code);
        }
    }
}
