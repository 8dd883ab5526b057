package org.symple.server.endpoint;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import org.symple.server.lifecycle.Lifecycle;

/** Stops the instance as soon as the web application stops, before the container tears down WebSockets. */
@WebListener
public class ShutdownListener implements ServletContextListener {

    @Inject
    private Lifecycle lifecycle;

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        lifecycle.stop();
    }
}
