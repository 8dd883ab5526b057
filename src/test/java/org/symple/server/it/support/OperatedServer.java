package org.symple.server.it.support;

import java.net.URI;

/** A server process a test started with the WAR at context root "/", to be stopped the way an operator stops it. */
public interface OperatedServer extends AutoCloseable {

    /** The Symple WebSocket of this instance. */
    URI uri();

    /** Sends SIGTERM to the server's JVM (as systemd, Docker or Kubernetes do) and waits until it exited. */
    void terminate();

    @Override
    void close();
}
