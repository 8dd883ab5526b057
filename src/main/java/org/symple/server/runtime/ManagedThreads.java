package org.symple.server.runtime;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Threads for blocking Redis work: from the server's default managed thread factory, so they carry the
 * application's context, or plain daemon threads where the runtime has none (plain CDI, tests).
 */
public final class ManagedThreads {

    private static final Logger LOG = Logger.getLogger(ManagedThreads.class.getName());

    private ManagedThreads() {
    }

    /** A factory naming its threads {@code prefix-N} where the runtime allows it. */
    public static ThreadFactory factory(String prefix) {
        ThreadFactory threads = ManagedResources.lookup(ManagedResources.THREAD_FACTORY, ThreadFactory.class)
                .orElseGet(() -> {
                    LOG.fine("No managed thread factory; using plain daemon threads");
                    return task -> {
                        Thread thread = new Thread(task);
                        thread.setDaemon(true);
                        return thread;
                    };
                });
        AtomicInteger sequence = new AtomicInteger();
        return task -> {
            Thread thread = threads.newThread(task);
            try {
                thread.setName(prefix + "-" + sequence.incrementAndGet());
            } catch (SecurityException | UnsupportedOperationException keepName) {
                // some runtimes do not let applications rename managed threads
            }
            return thread;
        };
    }
}
