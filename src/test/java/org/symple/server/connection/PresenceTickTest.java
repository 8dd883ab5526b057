package org.symple.server.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.SendResult;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.symple.server.metrics.Metrics;
import org.symple.server.protocol.OutgoingFrame;
import org.symple.server.runtime.Scheduler;

/** The presence tick on a real scheduler: queues that wait are flushed by one timer, and only while some wait. */
class PresenceTickTest {

    private final Scheduler scheduler = new Scheduler();
    private final List<List<String>> writes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        scheduler.start();
    }

    @AfterEach
    void stop() {
        scheduler.stop();
    }

    private OutboundQueue queue(PresenceTick tick, CountDownLatch written) {
        return new OutboundQueue(1 << 20, (text, handler) -> {
            writes.add(List.of(text));
            written.countDown();
            handler.onResult(new SendResult());
        }, (texts, handler) -> {
            writes.add(List.copyOf(texts));
            written.countDown();
            handler.onResult(new SendResult());
        }, tick, reason -> { }, new Metrics());
    }

    @Test
    void everyWaitingQueueIsWrittenAtTheTickWithAllItsPresenceInOneWrite() throws InterruptedException {
        PresenceTick tick = new PresenceTick(scheduler);
        CountDownLatch written = new CountDownLatch(2);
        OutboundQueue first = queue(tick, written);
        OutboundQueue second = queue(tick, written);
        first.offer(OutgoingFrame.serialised("a1", "alice"));
        first.offer(OutgoingFrame.serialised("b1", "bob"));
        second.offer(OutgoingFrame.serialised("a1", "alice"));
        assertTrue(written.await(5, TimeUnit.SECONDS), "the tick wrote both queues");
        assertTrue(writes.containsAll(List.of(List.of("a1", "b1"), List.of("a1"))), writes::toString);
        assertEquals(0, scheduler.pendingTasks(), "no timer left armed once nothing waits");
    }

    @Test
    void presenceAfterATickArmsTheNextOne() throws InterruptedException {
        PresenceTick tick = new PresenceTick(scheduler);
        CountDownLatch firstWrite = new CountDownLatch(1);
        OutboundQueue queue = queue(tick, firstWrite);
        queue.offer(OutgoingFrame.serialised("a1", "alice"));
        assertTrue(firstWrite.await(5, TimeUnit.SECONDS));
        CountDownLatch secondWrite = new CountDownLatch(1);
        OutboundQueue later = queue(tick, secondWrite);
        later.offer(OutgoingFrame.serialised("a2", "alice"));
        assertTrue(secondWrite.await(5, TimeUnit.SECONDS), "written by a tick armed again");
    }
}
