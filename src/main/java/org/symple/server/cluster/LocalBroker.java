package org.symple.server.cluster;

import jakarta.enterprise.context.ApplicationScoped;

/** The broker of a single instance: every recipient is local, so nothing leaves the process. */
@ApplicationScoped
public class LocalBroker implements Broker {

    @Override
    public void forward(RoutedFrame frame) {
        // No other instances.
    }
}
