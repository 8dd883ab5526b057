package org.symple.server.standalone;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.util.Header;
import org.symple.server.endpoint.UpgradeRequestCapture;

/**
 * Sits just in front of Tyrus's upgrade filter. On the way in it hands the socket address and Host header of a
 * WebSocket upgrade to the handshake, which runs next on the same thread (what the servlet request listener does
 * on an application server). On the way out it completes a refused upgrade (403 for a disallowed origin): Tyrus
 * writes only the status line and headers, and a client would wait for a body that never comes, so the answer
 * gets an empty body and the connection is closed after it.
 */
final class UpgradeCaptureFilter extends BaseFilter {

    private static final int SWITCHING_PROTOCOLS = 101;

    @Override
    public NextAction handleRead(FilterChainContext ctx) {
        if (ctx.getMessage() instanceof HttpContent content
                && content.getHttpHeader() instanceof HttpRequestPacket request
                && "websocket".equalsIgnoreCase(request.getUpgrade())) {
            UpgradeRequestCapture.capture(request.getRemoteAddress(), request.getHeader("Host"));
        }
        return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleWrite(FilterChainContext ctx) {
        if (ctx.getMessage() instanceof HttpContent content && !content.isLast()
                && content.getHttpHeader() instanceof HttpResponsePacket response
                && response.getStatus() != SWITCHING_PROTOCOLS
                && "websocket".equalsIgnoreCase(response.getRequest().getUpgrade())) {
            response.setContentLength(0);
            response.setHeader(Header.Connection, "close");
            ctx.setMessage(HttpContent.builder(response).last(true).build());
            Connection<?> connection = ctx.getConnection();
            ctx.addCompletionListener(written -> connection.close()); // close() lets the queued answer go out first
        }
        return ctx.getInvokeAction();
    }
}
