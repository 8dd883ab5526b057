package org.symple.server.connection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.symple.server.config.SympleConfig;
import org.symple.server.protocol.FrameCodec;
import org.symple.server.protocol.OutgoingFrame;
import org.symple.server.protocol.ServerFrames;

/**
 * Empties the instance when it stops: no connection is admitted any more, then every socket is closed with 1001,
 * an authenticated peer getting the shutdown notice just before. The closes are spread over
 * {@code SYMPLE_DRAIN_SECONDS} in random order, a batch every 100 ms, so that clients which reconnect after a fixed
 * delay (symple-client waits 3 s) do not all land on the remaining instances at once. A batch holds at least
 * {@value #MIN_BATCH} connections (200 reconnects a second is nothing to absorb), so a small instance empties at
 * once, before a container that closes sockets itself when it stops (Open Liberty on SIGTERM) gets to them. The drain
 * then waits (up to 3 s) until the sockets are closed.
 */
@ApplicationScoped
public class Drain {

    private static final CloseReason SHUTDOWN = new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "Server shutting down");
    private static final long WAIT_MILLIS = 3000;
    private static final long BATCH_MILLIS = 100;
    static final int MIN_BATCH = 20;

    private final ConnectionRegistry connections;
    private final SympleConfig config;

    /** For the container's client proxy. */
    protected Drain() {
        this(null, null);
    }

    @Inject
    public Drain(ConnectionRegistry connections, SympleConfig config) {
        this.connections = connections;
        this.config = config;
    }

    /** Refuses new connections and closes the open ones; returns once they are closed or the wait is over. */
    public void run() {
        connections.stopAccepting();
        OutgoingFrame notice = OutgoingFrame.verbatim(FrameCodec.write(ServerFrames.Shutdown.NOTICE));
        List<Connection> open = new ArrayList<>(connections.all());
        Collections.shuffle(open);
        long batches = Math.max(1, config.continuity().drainSpreadMillis() / BATCH_MILLIS);
        int perBatch = (int) Math.max(MIN_BATCH, (open.size() + batches - 1) / batches);
        long start = System.nanoTime();
        for (int i = 0; i < open.size(); i++) {
            if (i > 0 && i % perBatch == 0 && !pauseUntil(start + TimeUnit.MILLISECONDS.toNanos(i / perBatch * BATCH_MILLIS))) {
                perBatch = open.size(); // interrupted: close the rest at once
            }
            Connection connection = open.get(i);
            if (connection.peer() != null) {
                connection.deliver(notice);
            }
            connection.close(SHUTDOWN);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (connections.all().stream().anyMatch(c -> c.session().isOpen()) && System.nanoTime() < deadline) {
            if (!pauseUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20))) {
                return;
            }
        }
    }

    /** Sleeps until the given {@link System#nanoTime()}; false when interrupted. */
    private static boolean pauseUntil(long nanos) {
        long left = nanos - System.nanoTime();
        if (left <= 0) {
            return true;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(left);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
