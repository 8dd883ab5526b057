package org.symple.server.endpoint;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.symple.server.connection.Connection;
import org.symple.server.connection.ProtocolHandler;

/** The Symple WebSocket at the context root: frames in, connection events out; all logic is in {@link ProtocolHandler}. */
@ServerEndpoint(value = "/", configurator = HandshakeConfigurator.class)
@Dependent
public class SympleEndpoint {

    private static final Logger LOG = Logger.getLogger(SympleEndpoint.class.getName());

    @Inject
    private ProtocolHandler protocol;

    private Connection connection;

    @OnOpen
    public void open(Session session, EndpointConfig config) {
        connection = protocol.open(session, (String) config.getUserProperties().get(HandshakeConfigurator.CLIENT_HOST));
    }

    @OnMessage
    public void text(String text) {
        protocol.receive(connection, text);
    }

    @OnMessage
    public void binary(ByteBuffer bytes) {
        protocol.receive(connection, bytes);
    }

    @OnMessage
    public void pong(PongMessage pong) {
        protocol.pong(connection);
    }

    /** Some containers report the close on another thread while {@code open} still runs: find it by the session. */
    @OnClose
    public void close(Session session, CloseReason reason) {
        protocol.closed(connection != null ? connection : ProtocolHandler.connectionOf(session));
    }

    @OnError
    public void error(Throwable error) {
        LOG.log(Level.FINE, "WebSocket error", error);
    }
}
