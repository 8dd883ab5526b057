package org.symple.server.standalone;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Set;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

/** The WebSocket container of the runner: Tyrus's engine with endpoints at the root, fed by the runner's Grizzly server. */
final class TyrusContainer extends TyrusServerContainer {

    private static final String ROOT = "/";

    private final WebSocketEngine engine;

    /** {@code incomingBufferSize}: the largest frame Tyrus reads at all (the application enforces its own limit). */
    TyrusContainer(int incomingBufferSize) {
        super((Set<Class<?>>) null);
        engine = TyrusWebSocketEngine.builder(this).incomingBufferSize(incomingBufferSize).build();
    }

    @Override
    public void register(Class<?> endpointClass) throws DeploymentException {
        engine.register(endpointClass, ROOT);
    }

    @Override
    public void register(ServerEndpointConfig config) throws DeploymentException {
        engine.register(config, ROOT);
    }

    @Override
    public WebSocketEngine getWebSocketEngine() {
        return engine;
    }
}
