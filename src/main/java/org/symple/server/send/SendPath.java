package org.symple.server.send;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.symple.server.config.ConnectionConfig;

/**
 * How the server writes to a socket: one asynchronous send in flight per connection (ordering and the byte bound are
 * the outbound queue's), plus a detour for the container where one measured cheaper.
 *
 * <p>On Tyrus (Payara, the standalone runner) a frame is written raw where Tyrus's classes allow it
 * ({@link TyrusFrames}): built once here, without Tyrus's per-message frame object, encoder and idle-timer task.
 *
 * <p>Where they do not, Tyrus (Payara) re-arms a session's idle timer on every frame in and out by scheduling a task on Payara's managed
 * scheduled executor, and Payara captures the thread's context for each such task, including a {@code ServiceLoader}
 * scan of every jar the thread's context class loader sees (the application's and all of Payara's modules): most of
 * the server's CPU per delivery. On Tyrus a send therefore runs with the platform class loader as context class
 * loader, which makes that scan short; the completion handler runs with the caller's loader restored, so the
 * server's own code never sees the switch.
 *
 * <p>Frames that piled up behind the send in flight leave in one write where the container allows it: on Tyrus's raw
 * path as one buffer of frames, on Undertow (WildFly) as an asynchronous batch that is flushed at once
 * ({@link #sendAll}). Open Liberty does not implement batching and refuses a second send while one is in flight.
 */
public final class SendPath {

    private static final Logger LOG = Logger.getLogger(SendPath.class.getName());
    /** Completion of a frame that is not the last of its batch: the batch's last frame reports for all. */
    private static final SendHandler PART_OF_BATCH = result -> { };

    private final TyrusFrames raw;
    private final boolean platformLoader;
    private final boolean flushedBatches;
    private final String description;

    private SendPath(TyrusFrames raw, boolean platformLoader, boolean flushedBatches, String description) {
        this.raw = raw;
        this.platformLoader = platformLoader;
        this.flushedBatches = flushedBatches;
        this.description = description;
    }

    /** The path for the container whose session this is, or the plain path when {@code mode} is {@code plain}. */
    public static SendPath choose(Session session, String mode) {
        String container = session.getClass().getName();
        boolean plain = ConnectionConfig.PLAIN.equals(mode);
        boolean detour = container.startsWith("org.glassfish.tyrus.") && !plain;
        TyrusFrames raw = detour ? TyrusFrames.of(session).orElse(null) : null;
        boolean flushed = container.startsWith("io.undertow.") && !plain;
        String how = raw != null ? ", written as raw frames, several per write when they pile up"
                : detour ? ", sent with the platform class loader as context class loader"
                : flushed ? ", several per write when they pile up (batched, then flushed)" : "";
        return new SendPath(raw, detour && raw == null, flushed,
                "one asynchronous send in flight per connection on " + container + how);
    }

    /** For the start-up log. */
    public String description() {
        return description;
    }

    /** Whether {@link #sendAll} can write several frames at once on this path (Tyrus's raw path, Undertow). */
    public boolean writesBatches() {
        return raw != null || flushedBatches;
    }

    /**
     * Starts one asynchronous write of every frame of {@code texts}, in order, and tells {@code handler} once they
     * are all written; only where {@link #writesBatches()}.
     *
     * <p>On Undertow (WildFly) the frames are queued with batching allowed and then flushed: Undertow's asynchronous
     * batch holds the frames until {@code flushBatch()}, which writes them in one gathering write without blocking,
     * and completes each frame's handler once it is written, in order; so the last frame's handler reports for all.
     * Batching is switched off again before the flush, so that the container's own frames (pongs, the close) are
     * never held back.
     */
    public void sendAll(Session session, List<String> texts, SendHandler handler) {
        if (raw != null) {
            raw.sendAll(session, texts, handler);
            return;
        }
        RemoteEndpoint.Async remote = session.getAsyncRemote();
        boolean handed = false;
        try {
            remote.setBatchingAllowed(true);
            int last = texts.size() - 1;
            for (int i = 0; i < last; i++) {
                remote.sendText(texts.get(i), PART_OF_BATCH);
            }
            remote.sendText(texts.get(last), handler);
            handed = true;
            remote.setBatchingAllowed(false);
            remote.flushBatch();
        } catch (IOException | RuntimeException failed) {
            if (!handed) {
                handler.onResult(new SendResult(failed));
            } else { // the container reports the last frame (or the send watchdog closes the socket)
                LOG.log(Level.FINE, "Flushing a batch failed", failed);
            }
        }
    }

    /** Starts one asynchronous send of {@code text}; the handler may run before this returns. */
    public void send(Session session, String text, SendHandler handler) {
        if (raw != null) {
            raw.send(session, text, handler);
            return;
        }
        if (!platformLoader) {
            session.getAsyncRemote().sendText(text, handler);
            return;
        }
        Thread thread = Thread.currentThread();
        ClassLoader caller = thread.getContextClassLoader();
        thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
        try {
            session.getAsyncRemote().sendText(text, result -> completeWith(caller, handler, result));
        } finally {
            thread.setContextClassLoader(caller);
        }
    }

    private static void completeWith(ClassLoader loader, SendHandler handler, SendResult result) {
        Thread thread = Thread.currentThread();
        ClassLoader current = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            handler.onResult(result);
        } finally {
            thread.setContextClassLoader(current);
        }
    }
}
