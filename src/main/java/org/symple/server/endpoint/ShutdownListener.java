package org.symple.server.endpoint;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import org.symple.server.connection.ServerLifecycle;

/** Starts the shutdown notice as soon as the web application stops, before the container tears down WebSockets. */
@WebListener
public class ShutdownListener implements ServletContextListener {

    @Inject
    ServerLifecycle lifecycle;

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        lifecycle.shutdown();
    }
}
