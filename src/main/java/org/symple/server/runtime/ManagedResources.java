package org.symple.server.runtime;

import java.util.Optional;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The one place that asks the runtime for its managed concurrency resources (the Jakarta EE defaults in JNDI). An
 * application server answers; where there is none (the standalone runner, plain CDI, tests) the answer is empty
 * and the caller uses a private pool or plain threads of its own.
 */
public final class ManagedResources {

    /** The server's default managed thread factory. */
    public static final String THREAD_FACTORY = "java:comp/DefaultManagedThreadFactory";

    private ManagedResources() {
    }

    /** The resource bound under {@code name}, if the runtime has one of this type. */
    public static <T> Optional<T> lookup(String name, Class<T> type) {
        try {
            Object found = new InitialContext().lookup(name);
            return type.isInstance(found) ? Optional.of(type.cast(found)) : Optional.empty();
        } catch (NamingException | RuntimeException | NoClassDefFoundError unavailable) {
            return Optional.empty();
        }
    }
}
