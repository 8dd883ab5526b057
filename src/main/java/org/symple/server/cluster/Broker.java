package org.symple.server.cluster;

/**
 * Carries routed frames to peers on other instances. The routing code hands every frame it routes to the
 * broker after local delivery; a single instance uses {@link LocalBroker}, which has nobody else to reach.
 */
public interface Broker {

    /** Forwards a frame routed on this instance to the instances that hold other recipients. */
    void forward(RoutedFrame frame);
}
