package org.symple.server.standalone;

import java.io.IOException;
import java.net.BindException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;
import org.symple.server.config.Settings;
import org.symple.server.config.SympleConfig;

/**
 * {@code java -jar symple-server-standalone.jar}: reads the SYMPLE_* settings from the environment (a Java system
 * property of the same name wins), refuses to start on any setting or TLS file it cannot honour, serves until
 * SIGTERM or Ctrl-C and then shuts down as the WAR does at undeploy.
 */
public final class Main {

    /** Exit status for settings (or TLS files) the runner rejects. */
    static final int BAD_SETTINGS = 2;
    /** Exit status when the address cannot be bound or the server does not start. */
    static final int NOT_STARTED = 1;

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$s %3$s: %5$s%6$s%n");
        }
        SympleConfig config = SympleConfig.from(Settings.layered(System.getenv(),
                Settings.fromProperties(System.getProperties())));
        List<String> problems = config.warnings();
        if (!problems.isEmpty()) {
            System.err.println("Symple server not started: the standalone server starts only with settings it can honour.");
            problems.forEach(problem -> System.err.println("  " + problem));
            System.exit(BAD_SETTINGS);
        }
        StandaloneServer server;
        try {
            server = StandaloneServer.start(config);
        } catch (TlsSetupException e) {
            System.err.println("Symple server not started: " + e.getMessage());
            System.exit(BAD_SETTINGS);
            return;
        } catch (BindException e) {
            System.err.println("Symple server not started: cannot listen on " + config.listen().host() + ":" + config.listen().port()
                    + " (" + e.getMessage() + "); set PORT or SYMPLE_PORT to a free port");
            System.exit(NOT_STARTED);
            return;
        } catch (IOException | RuntimeException e) {
            System.err.println("Symple server not started: " + e);
            System.exit(NOT_STARTED);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "symple-shutdown"));
        Logger.getLogger(Main.class.getName()).info(() -> "Symple server listening on " + (server.secure() ? "wss://" : "ws://")
                + config.listen().host() + ":" + server.port() + "/");
        new CountDownLatch(1).await(); // serve until the JVM is told to stop
    }
}
