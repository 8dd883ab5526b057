package org.symple.server.runtime;

/** Starts and stops a {@link Scheduler} outside a container (it then runs on its own small pool). */
public final class SchedulerFixture {

    private SchedulerFixture() {
    }

    public static Scheduler start() {
        Scheduler scheduler = new Scheduler();
        scheduler.init();
        return scheduler;
    }

    public static void stop(Scheduler scheduler) {
        scheduler.stop();
    }
}
