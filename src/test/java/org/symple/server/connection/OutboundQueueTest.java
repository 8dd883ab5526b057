package org.symple.server.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.symple.server.metrics.Counter;
import org.symple.server.metrics.Metrics;
import org.symple.server.protocol.OutgoingFrame;

/** The queue's ordering, bounding, coalescing and closing logic, driven by a recording sender instead of a socket. */
class OutboundQueueTest {

    private final List<String> sent = new ArrayList<>();
    private final List<SendHandler> pending = new ArrayList<>();
    private final List<CloseReason> closes = new ArrayList<>();
    private final Metrics stats = new Metrics();

    private OutboundQueue queue(long max, boolean completeInline) {
        return new OutboundQueue(max, (text, handler) -> {
            sent.add(text);
            if (completeInline) {
                handler.onResult(new SendResult());
            } else {
                pending.add(handler);
            }
        }, closes::add, stats);
    }

    /** Queues an answer and sends it, as a membership change does once it released its lock. */
    private static void answer(OutboundQueue queue, String text) {
        queue.queueAnswer(OutgoingFrame.verbatim(text));
        queue.send();
    }

    private void completeNext() {
        pending.remove(0).onResult(new SendResult());
    }

    @Test
    void sendsOneAtATimeInOrder() {
        OutboundQueue queue = queue(1000, false);
        queue.offer("a");
        queue.offer("b");
        queue.offer("c");
        assertEquals(List.of("a"), sent);
        completeNext();
        assertEquals(List.of("a", "b"), sent);
        completeNext();
        completeNext();
        assertEquals(List.of("a", "b", "c"), sent);
        assertEquals(0, queue.queuedBytes());
        assertEquals(3, stats.total(Counter.FRAMES_OUT));
    }

    @Test
    void aHeldQueueSendsNothingUntilReleasedThenEverythingInOrder() {
        OutboundQueue queue = queue(1000, true);
        queue.hold();
        queue.offer("welcome");
        queue.offer("presence");
        assertEquals(List.of(), sent);
        queue.release();
        assertEquals(List.of("welcome", "presence"), sent);
        queue.offer("message");
        assertEquals(List.of("welcome", "presence", "message"), sent);
    }

    @Test
    void anAnswerGoesAheadOfTheFramesWaitingButNotOfAnEarlierAnswer() {
        OutboundQueue queue = queue(1000, false);
        queue.offer("presence-1");
        queue.offer("presence-2");
        queue.offer("presence-3");
        answer(queue, "join:ok-a");
        answer(queue, "join:ok-b");
        while (!pending.isEmpty()) {
            completeNext();
        }
        assertEquals(List.of("presence-1", "join:ok-a", "join:ok-b", "presence-2", "presence-3"), sent,
                "the frame in flight finishes first, then the answers in their order, then the rest");
        assertEquals(0, queue.queuedBytes());
    }

    @Test
    void aQueuedAnswerWaitsForTheSendOrGoesAheadOfTheNextFrameSent() {
        OutboundQueue queue = queue(1000, true);
        assertTrue(queue.queueAnswer(OutgoingFrame.verbatim("join:ok-a")));
        assertEquals(List.of(), sent, "queued under a lock: nothing goes to the container yet");
        queue.send();
        assertEquals(List.of("join:ok-a"), sent);
        queue.queueAnswer(OutgoingFrame.verbatim("join:ok-b"));
        queue.offer("presence"); // another thread delivered the snapshot before the answer's send ran
        queue.send();
        assertEquals(List.of("join:ok-a", "join:ok-b", "presence"), sent);
        assertEquals(0, queue.queuedBytes());
    }

    @Test
    void aPingWaitsForTheSendInFlightThenGoesAheadOfTheFramesWaiting() {
        OutboundQueue queue = queue(1000, false);
        queue.offer("a");
        queue.offer("b");
        queue.ping(() -> sent.add("ping"));
        assertEquals(List.of("a"), sent);
        completeNext();
        assertEquals(List.of("a", "ping", "b"), sent);
    }

    @Test
    void anIdleQueuePingsAtOnceAndCountsThePingAsInFlightWhileItIsWritten() {
        OutboundQueue queue = queue(1000, false);
        List<Long> inFlight = new ArrayList<>();
        queue.ping(() -> inFlight.add(queue.sendingForNanos(System.nanoTime())));
        assertEquals(1, inFlight.size());
        assertTrue(inFlight.get(0) > 0);
        assertEquals(0, queue.sendingForNanos(System.nanoTime()));
        queue.offer("a");
        assertEquals(List.of("a"), sent);
    }

    @Test
    void aClosingQueuePingsNoMore() {
        OutboundQueue queue = queue(1000, false);
        queue.offer("a");
        queue.closeAfterPending(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "bye"));
        queue.ping(() -> sent.add("ping"));
        completeNext();
        assertEquals(List.of("a"), sent);
        assertEquals(1, closes.size());
    }

    @Test
    void anAnswerCountsAgainstTheBoundAndIsNotSentAfterAClose() {
        OutboundQueue queue = queue(15, false);
        queue.offer("0123456789");
        assertFalse(queue.queueAnswer(OutgoingFrame.verbatim("join:ok-abcdef")), "over the bound");
        assertEquals(1, closes.size());
        assertFalse(queue.queueAnswer(OutgoingFrame.verbatim("leave:ok")), "closed");
    }

    @Test
    void inlineCompletionsDoNotRecurse() {
        OutboundQueue queue = queue(10_000_000, true);
        for (int i = 0; i < 100_000; i++) {
            queue.offer("x");
        }
        assertEquals(100_000, sent.size());
    }

    @Test
    void aReaderThatFallsBehindIsClosedAndLaterFramesDropped() {
        OutboundQueue queue = queue(10, false);
        assertTrue(queue.offer("12345"));
        assertTrue(queue.offer("12345"));
        assertFalse(queue.offer("1"));
        assertEquals(List.of(OutboundQueue.OVERFLOW), closes);
        assertFalse(queue.offer("2"));
        assertEquals(List.of("12345"), sent);
        assertEquals(1, stats.total(Counter.QUEUE_OVERFLOWS));
        assertEquals(0, queue.queuedBytes());
    }

    @Test
    void theBoundCountsUtf8BytesNotCharacters() {
        OutboundQueue queue = queue(10, false);
        assertTrue(queue.offer("éé")); // 4 bytes
        assertEquals(4, queue.queuedBytes());
        assertTrue(queue.offer("€€")); // 6 bytes: 10 in all, the bound itself
        assertEquals(10, queue.queuedBytes());
        assertFalse(queue.offer("a"));
        assertEquals(List.of(OutboundQueue.OVERFLOW), closes);
    }

    @Test
    void theFrameInFlightCountsUntilItsSendCompletes() {
        OutboundQueue queue = queue(1000, false);
        queue.offer("abc");
        assertEquals(3, queue.queuedBytes());
        completeNext();
        assertEquals(0, queue.queuedBytes());
    }

    @Test
    void closeRunsAfterFramesQueuedBeforeIt() {
        OutboundQueue queue = queue(1000, false);
        CloseReason reason = new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "x");
        queue.offer("error");
        queue.closeAfterPending(reason);
        queue.offer("dropped");
        assertTrue(closes.isEmpty());
        completeNext();
        assertEquals(List.of(reason), closes);
        assertEquals(List.of("error"), sent);
    }

    @Test
    void aFailedSendStopsTheQueueAndClosesTheSocket() {
        OutboundQueue queue = queue(1000, false);
        queue.offer("a");
        queue.offer("b");
        pending.remove(0).onResult(new SendResult(new java.io.IOException("broken pipe")));
        assertEquals(List.of("a"), sent);
        assertTrue(queue.isClosed());
        assertEquals(List.of(OutboundQueue.SEND_FAILED), closes);
        assertEquals(1, stats.total(Counter.SEND_FAILURES));
    }

    @Test
    void abortClosesOnceWithoutWaitingForTheSendInFlightAndIgnoresItsLateCallback() {
        OutboundQueue queue = queue(1000, false);
        CloseReason timeout = new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "Send timeout");
        queue.offer("stuck");
        queue.offer("waiting");
        assertTrue(queue.sendingForNanos(System.nanoTime()) > 0);
        assertTrue(queue.abort(timeout));
        assertFalse(queue.abort(timeout));
        assertEquals(List.of(timeout), closes);
        assertEquals(0, queue.queuedBytes());
        assertFalse(queue.offer("later"));
        completeNext(); // the container wakes up after all
        assertEquals(List.of("stuck"), sent);
        assertEquals(0, queue.queuedBytes());
        assertEquals(0, stats.total(Counter.FRAMES_OUT));
    }

    @Test
    void abortAlsoOvertakesAPendingCloseStuckBehindASend() {
        OutboundQueue queue = queue(1000, false);
        CloseReason polite = new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "Closed");
        CloseReason timeout = new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "Send timeout");
        queue.offer("stuck");
        queue.closeAfterPending(polite);
        assertTrue(queue.abort(timeout));
        completeNext();
        assertEquals(List.of(timeout), closes);
    }

    @Test
    void nothingIsInFlightWhenIdle() {
        OutboundQueue queue = queue(1000, false);
        assertEquals(0, queue.sendingForNanos(System.nanoTime()));
        queue.offer("a");
        completeNext();
        assertEquals(0, queue.sendingForNanos(System.nanoTime()));
    }

    @Test
    void theLatestPresenceOfAPeerReplacesTheOneWaitingAndMovesToTheTail() {
        OutboundQueue queue = queue(1000, false);
        queue.offer("first"); // in flight
        queue.offer(OutgoingFrame.serialised("p1", "alice"));
        queue.offer("m1");
        queue.offer(OutgoingFrame.serialised("p2", "alice"));
        queue.offer(OutgoingFrame.serialised("q1", "bob"));
        assertEquals(5 + 2 + 2 + 2, queue.queuedBytes());
        while (!pending.isEmpty()) {
            completeNext();
        }
        assertEquals(List.of("first", "m1", "p2", "q1"), sent);
        assertEquals(1, stats.total(Counter.FRAMES_COALESCED));
        assertEquals(0, queue.queuedBytes());
    }

    @Test
    void presenceAlreadySentIsNotReplacedAndEveryLaterOneIsSent() {
        OutboundQueue queue = queue(1000, false);
        queue.offer(OutgoingFrame.serialised("p1", "alice")); // in flight at once
        queue.offer(OutgoingFrame.serialised("p2", "alice"));
        while (!pending.isEmpty()) {
            completeNext();
        }
        assertEquals(List.of("p1", "p2"), sent);
        assertEquals(0, stats.total(Counter.FRAMES_COALESCED));
    }

    @Test
    void aProbeReplacesThePresenceWaitingButIsNeverReplacedItself() {
        OutboundQueue queue = queue(1000, false);
        queue.offer("first"); // in flight
        queue.offer(OutgoingFrame.of(presence("alice|A", false)));
        queue.offer(OutgoingFrame.of(presence("alice|A", true)));
        queue.offer(OutgoingFrame.of(presence("alice|A", false)));
        while (!pending.isEmpty()) {
            completeNext();
        }
        assertEquals(3, sent.size(), sent::toString);
        assertTrue(sent.get(1).contains("\"probe\":true"), "the probe took the first presence's place: " + sent);
        assertFalse(sent.get(2).contains("probe"));
        assertEquals(1, stats.total(Counter.FRAMES_COALESCED));
    }

    private static jakarta.json.JsonObject presence(String from, boolean probe) {
        jakarta.json.JsonObjectBuilder frame = jakarta.json.Json.createObjectBuilder().add("type", "presence").add("from", from)
                .add("data", jakarta.json.Json.createObjectBuilder().add("online", true));
        if (probe) {
            frame.add("probe", true);
        }
        return frame.build();
    }

    @Test
    void framesWithoutAKeyAreNeverDroppedWhileTheConnectionLives() {
        OutboundQueue queue = queue(1000, false);
        List<String> offered = new ArrayList<>();
        for (int i = 0; i < 200 && !queue.isClosed(); i++) {
            String call = "{\"subtype\":\"call:candidate\",\"n\":" + i + "}";
            if (queue.offer(call)) {
                offered.add(call);
            }
            if (i % 3 == 0) {
                completeNext();
            }
        }
        assertTrue(queue.isClosed(), "a reader this slow must be closed");
        assertEquals(List.of(OutboundQueue.OVERFLOW), closes);
        while (!pending.isEmpty()) {
            completeNext();
        }
        // what was sent is a gap-free prefix of what was accepted: nothing vanished while the socket was open
        assertEquals(offered.subList(0, sent.size()), sent);
    }

    /** A queue whose socket takes several frames per write: each write is recorded as the list of its frames. */
    private OutboundQueue batchingQueue(long max, List<List<String>> writes) {
        return batchingQueue(max, writes, null);
    }

    private OutboundQueue batchingQueue(long max, List<List<String>> writes, List<OutboundQueue> flushesAsked) {
        return new OutboundQueue(max, (text, handler) -> {
            writes.add(List.of(text));
            pending.add(handler);
        }, (texts, handler) -> {
            writes.add(List.copyOf(texts));
            pending.add(handler);
        }, flushesAsked == null ? null : flushesAsked::add, closes::add, stats);
    }

    @Test
    void delayedPresenceWaitsForTheFlushAndThenLeavesInOneWrite() {
        List<List<String>> writes = new ArrayList<>();
        List<OutboundQueue> flushes = new ArrayList<>();
        OutboundQueue queue = batchingQueue(1000, writes, flushes);
        queue.offer(OutgoingFrame.serialised("p1", "alice"));
        queue.offer(OutgoingFrame.serialised("q1", "bob"));
        assertEquals(List.of(), writes, "presence waits");
        assertEquals(List.of(queue), flushes, "one flush asked for however many presence frames wait");
        queue.flush();
        assertEquals(List.of(List.of("p1", "q1")), writes);
    }

    @Test
    void anyOtherFrameTakesTheWaitingPresenceWithItAtOnce() {
        List<List<String>> writes = new ArrayList<>();
        List<OutboundQueue> flushes = new ArrayList<>();
        OutboundQueue queue = batchingQueue(1000, writes, flushes);
        queue.offer(OutgoingFrame.serialised("p1", "alice"));
        queue.offer("m1");
        assertEquals(List.of(List.of("p1", "m1")), writes, "in order, without waiting for the flush");
        completeNext();
        queue.flush(); // the flush asked for earlier finds nothing left
        assertEquals(1, writes.size());
        queue.offer(OutgoingFrame.serialised("p2", "alice"));
        assertEquals(2, flushes.size(), "presence after the flush asks for the next one");
    }

    @Test
    void framesThatPileUpBehindTheSendInFlightLeaveInOneWrite() {
        List<List<String>> writes = new ArrayList<>();
        OutboundQueue queue = batchingQueue(1000, writes);
        queue.offer("a"); // in flight alone
        queue.offer("b");
        queue.offer("c");
        queue.offer("d");
        assertEquals(List.of(List.of("a")), writes);
        assertEquals(4, queue.queuedBytes());
        completeNext();
        assertEquals(List.of(List.of("a"), List.of("b", "c", "d")), writes);
        assertEquals(3, queue.queuedBytes(), "the batch in flight counts until its write completes");
        completeNext();
        assertEquals(0, queue.queuedBytes());
        assertEquals(4, stats.total(Counter.FRAMES_OUT));
    }

    @Test
    void aBatchTakesAnswersFirstThenFramesInOrderAndLeavesOutReplacedPresence() {
        List<List<String>> writes = new ArrayList<>();
        OutboundQueue queue = batchingQueue(1000, writes);
        queue.offer("first"); // in flight
        queue.offer(OutgoingFrame.serialised("p1", "alice"));
        queue.offer("m1");
        queue.offer(OutgoingFrame.serialised("p2", "alice"));
        answer(queue, "join:ok");
        completeNext();
        assertEquals(List.of("join:ok", "m1", "p2"), writes.get(1));
    }

    @Test
    void aBatchIsBoundedInFramesAndTheRestFollowsInTheNextWrite() {
        List<List<String>> writes = new ArrayList<>();
        OutboundQueue queue = batchingQueue(1 << 20, writes);
        queue.offer("first");
        List<String> offered = new ArrayList<>();
        for (int i = 0; i < OutboundQueue.BATCH_FRAMES + 10; i++) {
            offered.add("f" + i);
            queue.offer("f" + i);
        }
        while (!pending.isEmpty()) {
            completeNext();
        }
        assertEquals(3, writes.size(), "one alone, then a full batch, then the rest");
        assertEquals(OutboundQueue.BATCH_FRAMES, writes.get(1).size());
        assertEquals(offered, writes.subList(1, 3).stream().flatMap(List::stream).toList());
    }

    @Test
    void aBatchIsBoundedInBytes() {
        List<List<String>> writes = new ArrayList<>();
        OutboundQueue queue = batchingQueue(1 << 20, writes);
        queue.offer("first");
        String big = "x".repeat((int) OutboundQueue.BATCH_BYTES / 2);
        for (int i = 0; i < 4; i++) {
            queue.offer(big);
        }
        while (!pending.isEmpty()) {
            completeNext();
        }
        assertEquals(List.of(1, 2, 2), writes.stream().map(List::size).toList());
    }

    @Test
    void aCloseMetWhileGatheringABatchRunsOnlyAfterThatBatchIsWritten() {
        List<List<String>> writes = new ArrayList<>();
        OutboundQueue queue = batchingQueue(1000, writes);
        CloseReason reason = new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "bye");
        queue.offer("a");
        queue.offer("b");
        queue.offer("c");
        queue.closeAfterPending(reason);
        completeNext();
        assertEquals(List.of("b", "c"), writes.get(1));
        assertEquals(List.of(), closes, "not before the batch is written");
        completeNext();
        assertEquals(List.of(reason), closes);
    }
}
