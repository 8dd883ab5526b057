package org.symple.server.lifecycle;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Stops the instance when the JVM is told to stop (SIGTERM, SIGINT, {@code System.exit}): a JVM shutdown hook starts
 * at the same moment as the container's own, which on Open Liberty closes every WebSocket (1006) before the
 * application is stopped. The hook is removed again when the application stops first (undeploy), so an undeployed
 * application leaves nothing behind in the JVM.
 */
final class StopSignalHook {

    private static final Logger LOG = Logger.getLogger(StopSignalHook.class.getName());

    private final Thread thread;
    private boolean installed;

    StopSignalHook(Runnable stop) {
        thread = new Thread(() -> {
            try {
                stop.run();
            } catch (RuntimeException alreadyStopped) {
                LOG.log(Level.FINE, "Stop from the JVM hook not completed", alreadyStopped);
            }
        }, "symple-stop-signal");
    }

    synchronized void install() {
        try {
            Runtime.getRuntime().addShutdownHook(thread);
            installed = true;
        } catch (IllegalStateException | SecurityException refused) {
            LOG.log(Level.FINE, "No JVM shutdown hook: the instance stops with the application", refused);
        }
    }

    /** Takes the hook out, unless it is running (the JVM is stopping): then it ends on its own. */
    synchronized void remove() {
        if (!installed || Thread.currentThread() == thread) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(thread);
        } catch (IllegalStateException jvmStopping) {
            // the hook is running or about to: it ends with the stop done or found already done
        }
        installed = false;
    }
}
