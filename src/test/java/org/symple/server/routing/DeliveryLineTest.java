package org.symple.server.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The line's rules: in order, one thread at a time, nothing lost while another thread drains, a failure contained, a
 * long drain handed to the background.
 */
class DeliveryLineTest {

    private final DeliveryLine line = new DeliveryLine(null);
    private final List<Integer> made = new CopyOnWriteArrayList<>();

    @Test
    void deliveriesWaitForTheDrainAndAreMadeInTheOrderAdded() {
        for (int i = 0; i < 5; i++) {
            int n = i;
            line.add(() -> made.add(n));
        }
        assertTrue(made.isEmpty());
        assertFalse(line.isIdle());

        line.drain();

        assertEquals(List.of(0, 1, 2, 3, 4), made);
        assertTrue(line.isIdle());
    }

    @Test
    void aDrainWhileAnotherThreadDrainsLeavesTheDeliveriesToThatThreadInOrder() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        line.add(() -> {
            inside.countDown();
            await(letGo);
            made.add(0);
        });
        Thread drainer = new Thread(line::drain);
        drainer.start();
        assertTrue(inside.await(10, TimeUnit.SECONDS));

        line.add(() -> made.add(1));
        line.drain(); // returns at once: the other thread is draining

        assertTrue(made.isEmpty());
        assertFalse(line.isIdle());
        letGo.countDown();
        drainer.join(10_000);
        assertEquals(List.of(0, 1), made);
        assertTrue(line.isIdle());
    }

    @Test
    void aDeliveryThatThrowsDoesNotStopTheOnesBehindIt() {
        line.add(() -> made.add(0));
        line.add(() -> {
            throw new IllegalStateException("a broken sink");
        });
        line.add(() -> made.add(2));

        line.drain();

        assertEquals(List.of(0, 2), made);
        assertTrue(line.isIdle());
    }

    @Test
    void aDeliveryAddedByADeliveryIsMadeInTheSameDrain() {
        line.add(() -> {
            made.add(0);
            line.add(() -> made.add(1));
            line.drain(); // from inside the drain: returns, the outer drain makes it
        });

        line.drain();

        assertEquals(List.of(0, 1), made);
        assertTrue(line.isIdle());
    }

    @Test
    void aCallerDrainsForAboutAMillisecondAndTheBackgroundMakesTheRestInOrder() {
        List<Runnable> background = new ArrayList<>();
        DeliveryLine handing = new DeliveryLine(background::add);
        handing.add(() -> {
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3);
            while (System.nanoTime() < until) {
                Thread.onSpinWait(); // a delivery that takes longer than a caller's share
            }
            made.add(0);
        });
        handing.add(() -> made.add(1));
        handing.add(() -> made.add(2));

        handing.drain();

        assertEquals(List.of(0), made);
        assertEquals(1, background.size(), "the rest is handed on once");
        handing.add(() -> made.add(3));
        handing.drain(); // the background owns the line: returns at once
        assertEquals(List.of(0), made);

        background.get(0).run();

        assertEquals(List.of(0, 1, 2, 3), made);
        assertTrue(handing.isIdle());
        assertEquals(1, background.size());
    }

    @Test
    void theBackgroundDrainsInSlicesQueuedBehindTheExecutorsOtherTasks() {
        List<Runnable> background = new ArrayList<>();
        DeliveryLine handing = new DeliveryLine(background::add);
        int deliveries = 6;
        for (int i = 0; i < deliveries; i++) {
            int n = i;
            handing.add(() -> {
                spin(DeliveryLine.SLICE_MILLIS / 2 + 1); // two of these outlast a slice
                made.add(n);
            });
        }

        handing.drain(); // the caller makes one, then hands on
        background.get(0).run(); // one slice: a few deliveries, then a new task behind whatever the executor has

        assertFalse(handing.isIdle(), "the slice left the rest for a later task");
        assertEquals(2, background.size());
        assertTrue(made.size() < deliveries, "made in the first slice: " + made);
        for (int task = 1; task < background.size(); task++) {
            background.get(task).run();
        }
        assertEquals(List.of(0, 1, 2, 3, 4, 5), made);
        assertTrue(handing.isIdle());
    }

    @Test
    void aRefusedHandOverIsMadeByTheCaller() {
        DeliveryLine stopping = new DeliveryLine(task -> {
            throw new RejectedExecutionException("stopping");
        });
        stopping.add(() -> {
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3);
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            made.add(0);
        });
        stopping.add(() -> made.add(1));

        stopping.drain();

        assertEquals(List.of(0, 1), made);
        assertTrue(stopping.isIdle());
    }

    private static void spin(long millis) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
