package org.symple.server.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.websocket.SendResult;
import java.io.StringReader;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.symple.server.metrics.Metrics;
import org.symple.server.protocol.OutgoingFrame;
import org.symple.server.runtime.Scheduler;

/** Batched presence: server presence gathered into one frame, later facts replacing earlier ones, order kept. */
class PresenceBatchTest {

    private final List<String> sent = new CopyOnWriteArrayList<>();
    /** Timers of the batch run only when a test lets them ({@link #timersRun}), so the flush is the test's to call. */
    private volatile boolean timersRun;
    private final Scheduler scheduler = new Scheduler() {
        @Override
        public java.util.concurrent.ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
            return super.schedule(() -> {
                if (timersRun) {
                    task.run();
                }
            }, delayMillis);
        }
    };
    private final OutboundQueue queue = new OutboundQueue(1 << 20, (text, handler) -> {
        sent.add(text);
        handler.onResult(new SendResult());
    }, reason -> { }, new Metrics());
    private final PresenceBatch batch;

    PresenceBatchTest() {
        scheduler.start();
        batch = new PresenceBatch(queue, scheduler);
    }

    @AfterEach
    void stop() {
        scheduler.stop();
    }

    private static OutgoingFrame presence(String user, String id, boolean online) {
        return OutgoingFrame.presence(user + "|" + id, Json.createObjectBuilder().add("id", id).add("user", user)
                .add("online", online).build());
    }

    private static JsonObject parse(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    @Test
    void serverPresenceGoesOutAsOneFrameListingEachPeerOnceWithItsLatestState() {
        batch.deliver(presence("bob", "B", true));
        batch.deliver(presence("eve", "E", true));
        batch.deliver(presence("bob", "B", false));
        batch.flush();

        assertEquals(1, sent.size());
        JsonObject frame = parse(sent.get(0));
        assertEquals("presence:batch", frame.getString("type"));
        assertEquals(List.of("E", "B"), frame.getJsonArray("peers").stream().map(p -> p.asJsonObject().getString("id")).toList());
        assertEquals(false, frame.getJsonArray("peers").getJsonObject(1).getBoolean("online"));
    }

    @Test
    void anyOtherFrameFirstSendsWhatWasGatheredSoTheOrderIsKept() {
        batch.deliver(presence("bob", "B", true));
        batch.deliver(OutgoingFrame.verbatim("{\"type\":\"join:ok\",\"room\":\"r\"}"));
        batch.deliver(OutgoingFrame.of(Json.createObjectBuilder().add("type", "presence").add("from", "eve|E")
                .add("probe", true).add("data", Json.createObjectBuilder().add("id", "E")).build()));

        assertEquals(3, sent.size());
        assertEquals("presence:batch", parse(sent.get(0)).getString("type"));
        assertEquals("join:ok", parse(sent.get(1)).getString("type"));
        assertEquals("presence", parse(sent.get(2)).getString("type"), "a peer's own presence frame is not batched");
    }

    @Test
    void whatIsGatheredLeavesByItselfShortlyAfter() {
        timersRun = true;
        batch.deliver(presence("bob", "B", true));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(2)).until(() -> sent.size() == 1);
        assertEquals("presence:batch", parse(sent.get(0)).getString("type"));
    }

    @Test
    void noFrameListsMoreThanTheMostPeersABatchHolds() {
        timersRun = true;
        List<OutgoingFrame> facts = new java.util.ArrayList<>();
        for (int i = 0; i < 2 * PresenceBatch.MAX_PEERS + 1; i++) {
            facts.add(presence("u" + i, "P" + i, true));
        }
        facts.forEach(batch::deliver);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(2)).until(() -> sent.stream()
                .mapToInt(text -> parse(text).getJsonArray("peers").size()).sum() == facts.size());
        sent.forEach(text -> org.junit.jupiter.api.Assertions.assertTrue(
                parse(text).getJsonArray("peers").size() <= PresenceBatch.MAX_PEERS, text.length() + " bytes"));
    }
}
