package org.symple.server.standalone;

import java.io.IOException;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.Filter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpServerFilter;

/**
 * Sits in front of the HTTP codec. Once a connection's WebSocket handshake is done, it hands what the connection reads
 * straight to Tyrus's filter and lets the codec forget the upgrade request: through the codec, every upgraded
 * connection keeps that request, its response, their parsed headers and the buffer they were read into for its whole
 * life (about half of an idle connection's heap), only so that the codec can wrap each read for Tyrus. Reads of any
 * other connection (HTTP requests, handshakes) go the usual way.
 *
 * <p>Tyrus marks a connection upgraded with an attribute of its filter; should a later Tyrus name it differently, no
 * connection is seen as upgraded and every read takes the codec's path, as without this filter.
 */
final class UpgradedReadFilter extends BaseFilter {

    /** Tyrus's filter reads only the content of what an upgraded connection receives, never its header. */
    private static final HttpRequestPacket NO_HEADER = HttpRequestPacket.builder().method("GET").uri("/")
            .protocol("HTTP/1.1").build();

    private final Filter tyrus;
    /** The connection attribute Tyrus's (package-private) filter sets once the handshake is done. */
    private final Attribute<Object> upgraded = Grizzly.DEFAULT_ATTRIBUTE_BUILDER
            .createAttribute("org.glassfish.tyrus.container.grizzly.server.GrizzlyServerFilter.Connection");
    private final Attribute<Object> requestInProcess =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(HttpServerFilter.HTTP_SERVER_REQUEST_ATTR_NAME);

    /** @param tyrus Tyrus's filter of the same chain, which this one calls for upgraded connections */
    UpgradedReadFilter(Filter tyrus) {
        this.tyrus = tyrus;
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        Connection<?> connection = ctx.getConnection();
        if (upgraded.get(connection) == null) {
            return ctx.getInvokeAction();
        }
        if (requestInProcess.isSet(connection)) {
            requestInProcess.remove(connection); // the codec sees no more of this connection's reads
        }
        Buffer input = ctx.getMessage();
        ctx.setMessage(HttpContent.create(NO_HEADER, false, input));
        return tyrus.handleRead(ctx);
    }
}
