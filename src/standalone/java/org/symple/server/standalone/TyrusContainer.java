package org.symple.server.standalone;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

/** The WebSocket container of the runner: Tyrus's engine with endpoints at the root, fed by the runner's Grizzly server. */
final class TyrusContainer extends TyrusServerContainer {

    private static final String ROOT = "/";

    private final WebSocketEngine engine;
    private volatile IdleTimerScheduler scheduler;

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

    /** Tyrus's scheduler without its per-frame no-op task (see {@link IdleTimerScheduler}). */
    @Override
    public ScheduledExecutorService getScheduledExecutorService() {
        ScheduledExecutorService tyrus = super.getScheduledExecutorService();
        IdleTimerScheduler current = scheduler;
        if (current == null || !current.wraps(tyrus)) {
            current = new IdleTimerScheduler(tyrus);
            scheduler = current;
        }
        return current;
    }

    @Override
    public WebSocketEngine getWebSocketEngine() {
        return engine;
    }
}
