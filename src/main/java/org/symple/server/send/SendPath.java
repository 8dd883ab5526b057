package org.symple.server.send;

import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
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
 */
public final class SendPath {

    private final TyrusFrames raw;
    private final boolean platformLoader;
    private final String description;

    private SendPath(TyrusFrames raw, boolean platformLoader, String description) {
        this.raw = raw;
        this.platformLoader = platformLoader;
        this.description = description;
    }

    /** The path for the container whose session this is, or the plain path when {@code mode} is {@code plain}. */
    public static SendPath choose(Session session, String mode) {
        String container = session.getClass().getName();
        boolean tyrus = container.startsWith("org.glassfish.tyrus.");
        boolean detour = tyrus && !ConnectionConfig.PLAIN.equals(mode);
        TyrusFrames raw = detour ? TyrusFrames.of(session).orElse(null) : null;
        String how = raw != null ? ", written as raw frames" : detour ? ", sent with the platform class loader as context class loader" : "";
        return new SendPath(raw, detour && raw == null, "one asynchronous send in flight per connection on " + container + how);
    }

    /** For the start-up log. */
    public String description() {
        return description;
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
