package org.symple.server.drain;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.symple.server.connection.ServerLifecycle;

/**
 * Sends the shutdown notice when the JVM is told to stop (SIGTERM, SIGINT, {@code System.exit}): a JVM shutdown
 * hook starts at the same moment as the container's own, which on Open Liberty closes every WebSocket (1006) before
 * the application is stopped. The hook is removed again when the application stops first (undeploy), so an
 * undeployed application leaves nothing behind in the JVM.
 */
@ApplicationScoped
public class StopSignalHook {

    private static final Logger LOG = Logger.getLogger(StopSignalHook.class.getName());

    @Inject
    ServerLifecycle lifecycle;

    private Thread hook;

    void started(@Observes @Initialized(ApplicationScoped.class) Object context) {
        Thread thread = new Thread(this::stopping, "symple-stop-signal");
        try {
            Runtime.getRuntime().addShutdownHook(thread);
            synchronized (this) {
                hook = thread;
            }
        } catch (IllegalStateException | SecurityException refused) {
            LOG.log(Level.FINE, "No JVM shutdown hook: the notice is sent when the application stops", refused);
        }
    }

    private void stopping() {
        try {
            lifecycle.shutdown();
        } catch (RuntimeException alreadyStopped) {
            LOG.log(Level.FINE, "Shutdown notice from the JVM hook not sent", alreadyStopped);
        }
    }

    @PreDestroy
    synchronized void stop() {
        if (hook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException jvmStopping) {
            // the hook is running or about to: it ends with the notice sent or found already sent
        }
        hook = null;
    }
}
