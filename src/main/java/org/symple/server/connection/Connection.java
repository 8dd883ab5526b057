package org.symple.server.connection;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.symple.server.metrics.Metrics;
import org.symple.server.peers.Peer;
import org.symple.server.peers.PeerSink;
import org.symple.server.protocol.ErrorCode;
import org.symple.server.protocol.FrameCodec;
import org.symple.server.protocol.OutgoingFrame;
import org.symple.server.runtime.Scheduler;
import org.symple.server.send.SendPath;

/**
 * One WebSocket connection: its protocol state, the peer once authenticated, its rate bucket and its
 * ordered, bounded outbound queue. State changes are synchronised on the connection.
 */
public final class Connection implements PeerSink {

    /** Where a connection is in its life. */
    public enum State { OPEN, AUTHENTICATING, ONLINE, CLOSING, CLOSED }

    private static final Logger LOG = Logger.getLogger(Connection.class.getName());
    private static final int MAX_REASON_BYTES = 123;
    /** The close of a connection whose session was resumed on another connection. */
    static final CloseReason RESUMED = new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "Resumed");

    private final Session session;
    private final String host;
    private final OutboundQueue outbound;
    private final RateBucket rateBucket;
    private final Consumer<Connection> whenClosed;
    private State state = State.OPEN;
    private Peer peer;
    private Future<?> authDeadline;
    private volatile PresenceBatch presenceBatch;
    private volatile long lastPongNanos = System.nanoTime();
    private volatile boolean closedByClient;

    /**
     * @param frameBufferBytes the container's incoming frame buffer ({@code ConnectionConfig.frameBufferBytes()})
     * @param maxQueueBytes UTF-8 bytes allowed to wait for this reader before it is closed
     * @param closer runs closes, off the container's I/O threads
     * @param sendPath writes a frame to the socket
     * @param presenceTick where the send path writes batches, presence waits for it (null: never)
     * @param whenClosed runs once the server closed the socket, whether or not the container reports the close
     */
    Connection(Session session, String host, int frameBufferBytes, long maxQueueBytes, RateBucket rateBucket,
            Executor closer, Metrics metrics, SendPath sendPath, PresenceTick presenceTick,
            Consumer<Connection> whenClosed) {
        this.session = session;
        session.setMaxTextMessageBufferSize(frameBufferBytes);
        session.setMaxBinaryMessageBufferSize(frameBufferBytes);
        this.host = host;
        this.rateBucket = rateBucket;
        this.whenClosed = whenClosed;
        this.outbound = new OutboundQueue(maxQueueBytes,
                (text, handler) -> sendPath.send(session, text, handler),
                sendPath.writesBatches() ? (texts, handler) -> sendPath.sendAll(session, texts, handler) : null,
                sendPath.writesBatches() ? presenceTick : null,
                reason -> closeOffThread(closer, reason), metrics);
    }

    public String host() {
        return host;
    }

    public Session session() {
        return session;
    }

    public synchronized State state() {
        return state;
    }

    public synchronized Peer peer() {
        return peer;
    }

    @Override
    public void deliver(OutgoingFrame frame) {
        PresenceBatch batch = presenceBatch;
        if (batch == null) {
            outbound.offer(frame);
        } else {
            batch.deliver(frame);
        }
    }

    @Override
    public Runnable answer(OutgoingFrame frame) {
        return outbound.queueAnswer(frame) ? outbound::send : PeerSink.NOTHING;
    }

    /** From now on the server's presence reaches this connection batched (the {@code presence-batch} extension). */
    void batchPresence(Scheduler scheduler) {
        presenceBatch = new PresenceBatch(outbound, scheduler);
    }

    public OutboundQueue outbound() {
        return outbound;
    }

    public boolean tryTakeToken() {
        return rateBucket.tryTake(System.nanoTime());
    }

    synchronized void armAuthDeadline(Future<?> deadline) {
        if (state != State.OPEN && state != State.AUTHENTICATING) {
            deadline.cancel(false); // authenticated (or closed) before the timer was armed
            return;
        }
        authDeadline = deadline;
    }

    /** OPEN to AUTHENTICATING: true for the first auth frame only. */
    synchronized boolean startAuthentication() {
        if (state != State.OPEN) {
            return false;
        }
        state = State.AUTHENTICATING;
        return true;
    }

    /** AUTHENTICATING to ONLINE with the given peer; false when the socket closed or timed out meanwhile. */
    synchronized boolean goOnline(Peer newPeer) {
        if (state != State.AUTHENTICATING || !session.isOpen()) {
            return false;
        }
        state = State.ONLINE;
        peer = newPeer;
        if (authDeadline != null) {
            authDeadline.cancel(false);
            authDeadline = null; // a cancelled timer held for the connection's life is 100 bytes per idle socket
        }
        return true;
    }

    /** Sends the error and closes, but only while not yet authenticated; false otherwise. */
    synchronized boolean failAuthentication(int status, String message) {
        if (state != State.OPEN && state != State.AUTHENTICATING) {
            return false;
        }
        fail(status, message, CloseReason.CloseCodes.VIOLATED_POLICY);
        return true;
    }

    /**
     * Sends the error frame, then closes with the error's close code (or keeps the socket for 400s); false when the
     * connection was already closing.
     */
    public boolean fail(ErrorCode code) {
        if (code.closeCode() == null) {
            return outbound.offer(FrameCodec.error(code));
        }
        return fail(code.status(), code.message(), code.closeCode());
    }

    synchronized boolean fail(int status, String message, CloseReason.CloseCode closeCode) {
        if (state == State.CLOSING || state == State.CLOSED) {
            return false;
        }
        state = State.CLOSING;
        outbound.offer(FrameCodec.error(status, message));
        outbound.closeAfterPending(new CloseReason(closeCode, shorten(message)));
        return true;
    }

    /** The client sent a {@code close} frame: its session ends here, it is not parked for a resume. */
    void closeByClient(CloseReason reason) {
        closedByClient = true;
        close(reason);
    }

    boolean closedByClient() {
        return closedByClient;
    }

    /**
     * Another connection resumed this one's session: this one forgets the peer, so that its close departs nobody,
     * and closes after what it has queued.
     */
    void handOver(CloseReason reason) {
        synchronized (this) {
            peer = null;
            if (state == State.ONLINE) {
                state = State.CLOSING;
            }
        }
        outbound.closeAfterPending(reason);
    }

    @Override
    public void handOver() {
        handOver(RESUMED);
    }

    /** Closes after the frames already queued (the {@code close} frame, shutdown). */
    public void close(CloseReason reason) {
        outbound.closeAfterPending(reason);
    }

    /** Marks the socket closed; returns the peer that was online on it, if any. */
    synchronized Peer markClosed() {
        state = State.CLOSED;
        if (authDeadline != null) {
            authDeadline.cancel(false);
            authDeadline = null;
        }
        Peer online = peer;
        peer = null;
        return online;
    }

    void ponged() {
        lastPongNanos = System.nanoTime();
    }

    long lastPongNanos() {
        return lastPongNanos;
    }

    /** Pings the peer between two sends (see {@link OutboundQueue#ping}). */
    void ping() {
        outbound.ping(this::writePing);
    }

    private void writePing() {
        try {
            session.getAsyncRemote().sendPing(java.nio.ByteBuffer.allocate(0));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Ping failed", e);
        }
    }

    private void closeOffThread(Executor closer, CloseReason reason) {
        try {
            closer.execute(() -> closeNow(reason));
        } catch (RejectedExecutionException | IllegalStateException stopping) { // executor or its bean already gone
            closeNow(reason);
        }
    }

    /**
     * Lets the server forget the connection, then closes the socket, from a thread that is not the container's I/O
     * thread: a container may never report the close of a socket whose peer stopped reading, and its close may wait.
     */
    void closeNow(CloseReason reason) {
        try {
            whenClosed.accept(this); // first: a container's close of a peer that stopped reading may block for long
        } finally {
            try {
                if (session.isOpen()) {
                    session.close(reason);
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "Close failed", e);
            }
        }
    }

    private static String shorten(String reason) {
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_REASON_BYTES) {
            return reason;
        }
        String cut = new String(bytes, 0, MAX_REASON_BYTES - 3, StandardCharsets.UTF_8);
        return cut.substring(0, cut.length() - 1) + "...";
    }
}
