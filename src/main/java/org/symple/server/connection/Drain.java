package org.symple.server.connection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import java.util.concurrent.TimeUnit;
import org.symple.server.protocol.FrameCodec;
import org.symple.server.protocol.OutgoingFrame;
import org.symple.server.protocol.ServerFrames;

/**
 * Empties the instance when it stops: no connection is admitted any more, every authenticated peer gets the shutdown
 * notice, every socket is closed with 1001, and the drain waits (up to 3 s) until the sockets are closed.
 */
@ApplicationScoped
public class Drain {

    private static final CloseReason SHUTDOWN = new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "Server shutting down");
    private static final long WAIT_MILLIS = 3000;

    private final ConnectionRegistry connections;

    /** For the container's client proxy. */
    protected Drain() {
        this(null);
    }

    @Inject
    public Drain(ConnectionRegistry connections) {
        this.connections = connections;
    }

    /** Refuses new connections and closes the open ones; returns once they are closed or the wait is over. */
    public void run() {
        connections.stopAccepting();
        OutgoingFrame notice = OutgoingFrame.verbatim(FrameCodec.write(ServerFrames.Shutdown.NOTICE));
        for (Connection connection : connections.all()) {
            if (connection.peer() != null) {
                connection.deliver(notice);
            }
            connection.close(SHUTDOWN);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (connections.all().stream().anyMatch(c -> c.session().isOpen()) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
