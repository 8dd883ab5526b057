package org.symple.server.endpoint;

import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Remembers the socket address and Host header of the HTTP request being handled on this thread, because the
 * WebSocket API has no portable way to read them during the handshake.
 */
@WebListener
public class UpgradeRequestCapture implements ServletRequestListener {

    /** What the handshake needs from the HTTP request. */
    public record Captured(String remoteAddress, String host) {
    }

    private static final ThreadLocal<Captured> CURRENT = new ThreadLocal<>();

    /** The request on this thread, or null when there is none. */
    public static Captured current() {
        return CURRENT.get();
    }

    /** Records the request being handled on this thread; for containers without servlet request events. */
    public static void capture(String remoteAddress, String host) {
        CURRENT.set(new Captured(remoteAddress, host));
    }

    @Override
    public void requestInitialized(ServletRequestEvent event) {
        String host = event.getServletRequest() instanceof HttpServletRequest http ? http.getHeader("Host") : null;
        capture(event.getServletRequest().getRemoteAddr(), host);
    }

    @Override
    public void requestDestroyed(ServletRequestEvent event) {
        CURRENT.remove();
    }
}
