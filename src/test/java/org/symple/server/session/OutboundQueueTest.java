package org.symple.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The queue's ordering, bounding and closing logic, driven by a recording sender instead of a socket. */
class OutboundQueueTest {

    private final List<String> sent = new ArrayList<>();
    private final List<SendHandler> pending = new ArrayList<>();
    private final List<CloseReason> closes = new ArrayList<>();

    private OutboundQueue queue(long max, boolean completeInline) {
        return new OutboundQueue(max, (text, handler) -> {
            sent.add(text);
            if (completeInline) {
                handler.onResult(new SendResult());
            } else {
                pending.add(handler);
            }
        }, closes::add);
    }

    @Test
    void sendsOneAtATimeInOrder() {
        OutboundQueue queue = queue(1000, false);
        queue.offer("a");
        queue.offer("b");
        queue.offer("c");
        assertEquals(List.of("a"), sent);
        pending.remove(0).onResult(new SendResult());
        assertEquals(List.of("a", "b"), sent);
        pending.remove(0).onResult(new SendResult());
        pending.remove(0).onResult(new SendResult());
        assertEquals(List.of("a", "b", "c"), sent);
        assertEquals(0, queue.queuedChars());
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
    }

    @Test
    void closeRunsAfterFramesQueuedBeforeIt() {
        OutboundQueue queue = queue(1000, false);
        CloseReason reason = new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "x");
        queue.offer("error");
        queue.closeAfterPending(reason);
        queue.offer("dropped");
        assertTrue(closes.isEmpty());
        pending.remove(0).onResult(new SendResult());
        assertEquals(List.of(reason), closes);
        assertEquals(List.of("error"), sent);
    }

    @Test
    void aFailedSendStopsTheQueue() {
        OutboundQueue queue = queue(1000, false);
        queue.offer("a");
        queue.offer("b");
        pending.remove(0).onResult(new SendResult(new java.io.IOException("broken pipe")));
        assertEquals(List.of("a"), sent);
        assertTrue(queue.isClosed());
    }
}
