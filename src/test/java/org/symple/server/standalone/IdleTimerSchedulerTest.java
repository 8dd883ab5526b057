package org.symple.server.standalone;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Only Tyrus's idle timer without a timeout is left out; every other task still runs. */
class IdleTimerSchedulerTest {

    private final ScheduledExecutorService tyrus = Executors.newSingleThreadScheduledExecutor();
    private final IdleTimerScheduler scheduler = new IdleTimerScheduler(tyrus);

    @AfterEach
    void stop() {
        tyrus.shutdownNow();
    }

    @Test
    void theTaskItLeavesOutIsTheIdleTimerOfTheTyrusOnTheClasspath() {
        assertDoesNotThrow(() -> Class.forName(IdleTimerScheduler.IDLE_TIMER), "a Tyrus upgrade renamed the idle timer");
    }

    @Test
    void otherTasksWithoutDelayAreScheduledAndRun() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        scheduler.schedule(ran::countDown, 0, TimeUnit.MILLISECONDS);
        assertTrue(ran.await(10, TimeUnit.SECONDS));
        assertFalse(IdleTimerScheduler.isIdleTimerWithoutTimeout(ran::countDown, 0));
    }
}
