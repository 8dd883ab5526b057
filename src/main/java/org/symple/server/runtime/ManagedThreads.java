package org.symple.server.runtime;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Threads for blocking Redis work: from the server's default managed thread factory, so they carry the
 * application's context, or plain daemon threads where the runtime has none (plain CDI, tests).
 */
public final class ManagedThreads {

    private static final Logger LOG = Logger.getLogger(ManagedThreads.class.getName());
    private static final String MANAGED = "java:comp/DefaultManagedThreadFactory";

    private ManagedThreads() {
    }

    /** A factory naming its threads {@code prefix-N} where the runtime allows it. */
    public static ThreadFactory factory(String prefix) {
        ThreadFactory base;
        try {
            base = (ThreadFactory) new InitialContext().lookup(MANAGED);
        } catch (NamingException | RuntimeException | NoClassDefFoundError unavailable) {
            LOG.fine("No managed thread factory; using plain daemon threads");
            base = task -> {
                Thread thread = new Thread(task);
                thread.setDaemon(true);
                return thread;
            };
        }
        ThreadFactory threads = base;
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
