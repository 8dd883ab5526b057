package org.symple.server.standalone;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.websocket.DeploymentException;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.grizzly.http.server.CLStaticHttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.ssl.SSLEngineConfigurator;
import org.glassfish.grizzly.strategies.SameThreadIOStrategy;
import org.jboss.weld.bootstrap.spi.BeanDiscoveryMode;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.symple.server.admin.ServerStats;
import org.symple.server.config.SympleConfig;
import org.symple.server.endpoint.SympleEndpoint;
import org.symple.server.lifecycle.Lifecycle;

/**
 * The Symple server in this JVM without an application server: the WAR's classes in a Weld SE container, the
 * endpoint on Tyrus, and one Grizzly HTTP listener (HTTPS with {@code SYMPLE_SSL_ENABLED}) that also serves
 * {@code /health}, {@code /metrics} and the static app.
 */
public final class StandaloneServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StandaloneServer.class.getName());
    /** Where the runner's jar carries the WAR's static files (src/main/webapp without WEB-INF). */
    static final String STATIC_ROOT = "/symple-webapp/";
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final WeldContainer cdi;
    private final TyrusContainer websockets;
    private final HttpServer http;
    private final boolean secure;
    private final AtomicBoolean closed = new AtomicBoolean();

    private StandaloneServer(WeldContainer cdi, TyrusContainer websockets, HttpServer http, boolean secure) {
        this.cdi = cdi;
        this.websockets = websockets;
        this.http = http;
        this.secure = secure;
    }

    /**
     * Starts the server with these settings on their host and port (port 0: any free port, see {@link #port()}).
     * TLS files that cannot be used throw a {@link TlsSetupException} before anything starts; a port that cannot be
     * bound throws the {@link java.net.BindException}, after everything started is stopped.
     */
    public static StandaloneServer start(SympleConfig config) throws IOException {
        Optional<SSLEngineConfigurator> tls = ServerTls.from(config.listen());
        WeldContainer cdi = new Weld("symple-" + INSTANCES.incrementAndGet())
                .disableDiscovery()
                .setBeanDiscoveryMode(BeanDiscoveryMode.ANNOTATED)
                .addBeanClasses(ApplicationClasses.list())
                .addExtension(new ConfigBean(config))
                .skipShutdownHook()
                .initialize();
        TyrusContainer websockets = null;
        HttpServer http = null;
        try {
            Lifecycle lifecycle = cdi.select(Lifecycle.class).get(); // started by the container's initialisation
            websockets = new TyrusContainer(config.connections().frameBufferBytes());
            websockets.addEndpoint(SympleEndpoint.class);
            websockets.start("/", config.listen().port());
            http = http(config, tls, websockets, lifecycle.stats(), lifecycle.prometheus());
            http.start();
        } catch (IOException | DeploymentException | RuntimeException e) {
            stop(http, websockets, cdi);
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("Symple server did not start", e);
        }
        return new StandaloneServer(cdi, websockets, http, tls.isPresent());
    }

    private static HttpServer http(SympleConfig config, Optional<SSLEngineConfigurator> tls, TyrusContainer websockets,
            ServerStats stats, PrometheusRegistry metrics) {
        HttpServer http = new HttpServer();
        NetworkListener listener = new NetworkListener("symple", config.listen().host(), config.listen().port());
        tls.ifPresent(engine -> {
            listener.setSecure(true);
            listener.setSSLEngineConfig(engine);
        });
        listener.getTransport().setIOStrategy(SameThreadIOStrategy.getInstance());
        listener.getKeepAlive().setIdleTimeoutInSeconds(-1); // WebSockets stay open; the server pings them itself
        listener.registerAddOn(new WebSocketAddOn(websockets));
        http.addListener(listener);
        http.getServerConfiguration().addHttpHandler(new HealthHandler(stats), "/health");
        http.getServerConfiguration().addHttpHandler(new MetricsHandler(metrics), "/metrics");
        CLStaticHttpHandler files = new CLStaticHttpHandler(StandaloneServer.class.getClassLoader(), STATIC_ROOT);
        files.setFileCacheEnabled(false);
        http.getServerConfiguration().addHttpHandler(files, "/");
        return http;
    }

    /** The port the server listens on. */
    public int port() {
        return http.getListener("symple").getPort();
    }

    /** Whether the listener speaks TLS ({@code https://}, {@code wss://}). */
    public boolean secure() {
        return secure;
    }

    /**
     * Sends every peer the shutdown notice and closes its socket with 1001 (the path the WAR takes when it is
     * undeployed), then stops the listener and the CDI container. Runs once.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            cdi.select(Lifecycle.class).get().stop();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Shutdown notice failed", e);
        }
        stop(http, websockets, cdi);
    }

    private static void stop(HttpServer http, TyrusContainer websockets, WeldContainer cdi) {
        if (http != null) {
            http.shutdownNow();
        }
        if (websockets != null) {
            websockets.stop();
        }
        if (cdi.isRunning()) {
            cdi.shutdown();
        }
    }
}
