package org.symple.server.resume;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.symple.server.cluster.Broker;
import org.symple.server.metrics.Counter;
import org.symple.server.metrics.Metrics;
import org.symple.server.peers.Peer;
import org.symple.server.peers.PeerSink;
import org.symple.server.peers.ResumableSink;
import org.symple.server.protocol.OutgoingFrame;

/**
 * The sink of one resumable peer, across its connections: every frame routed to the peer is stamped with the next
 * seq, kept in the {@link ResumeBuffer} and passed to the live connection, if there is one. While the peer is parked
 * (its connection lost) frames are only kept; a resume replays those the client has not seen to the new connection,
 * then frames go there live. The token is kept as a hash and replaced at each resume.
 * <p>
 * In a cluster the numbering is the cluster's: a frame without a seq goes to the {@link Broker}, which numbers and
 * keeps it and delivers it back to the instance that holds the session now, and only numbered frames go on to the
 * connection (in order, each once); the buffer here then only holds what arrived while no connection was attached.
 */
final class ResumeSession implements ResumableSink {

    /** Where the peer is: connected, parked (registered, no connection), or away (departed, resumable). */
    enum State { LIVE, PARKED, AWAY }

    private static final int USED_TOKENS_KEPT = 8;

    private final String peerId;
    private final String user;
    private final byte[] sessionTokenHash;
    private final ResumeBuffer buffer;
    private final Metrics metrics;
    private final LongSupplier clock;
    private final Broker cluster;
    private final ArrayDeque<byte[]> usedTokens = new ArrayDeque<>();
    private byte[] tokenHash;
    private Peer peer;
    private long seq;
    private PeerSink live;
    private State state = State.LIVE;
    private long lostAt;
    private List<String> rooms = List.of();

    /** A session of this instance; {@code cluster} numbers its frames when not null (see above). */
    ResumeSession(String peerId, String user, String sessionToken, byte[] tokenHash, ResumeBuffer buffer,
            Metrics metrics, LongSupplier clock, Broker cluster) {
        this.cluster = cluster;
        this.peerId = peerId;
        this.user = user;
        this.sessionTokenHash = sessionToken == null ? null : ResumeToken.hash(sessionToken);
        this.tokenHash = tokenHash;
        this.buffer = buffer;
        this.metrics = metrics;
        this.clock = clock;
    }

    String peerId() {
        return peerId;
    }

    synchronized Peer peer() {
        return peer;
    }

    /** The peer this session is the sink of, and its first connection. */
    synchronized void bind(Peer registered, PeerSink connection) {
        peer = registered;
        live = connection;
    }

    @Override
    public void deliver(OutgoingFrame frame) {
        if (cluster != null && frame.seq() == 0) {
            if (!cluster.sequence(List.of(peerId), frame)) {
                deliverUnnumbered(frame); // Redis unavailable: live, without a seq, rather than not at all
            }
            return;
        }
        deliverHere(frame);
    }

    /** A frame that could not be numbered (the cluster lost the record): live, without a seq, rather than not at all. */
    synchronized void deliverUnnumbered(OutgoingFrame frame) {
        if (live != null) {
            live.deliver(frame);
        }
    }

    private synchronized void deliverHere(OutgoingFrame frame) {
        OutgoingFrame stamped;
        if (cluster == null) {
            stamped = frame.withSeq(++seq);
        } else if (frame.seq() > seq) {
            stamped = frame;
            seq = frame.seq();
        } else {
            return; // numbered and delivered here already
        }
        int dropped = buffer.add(stamped, clock.getAsLong());
        for (int i = 0; i < dropped; i++) {
            metrics.count(Counter.RESUME_FRAMES_DROPPED);
        }
        if (live != null) {
            live.deliver(stamped);
        }
    }

    /**
     * The connection {@code connection} was lost: from now on frames are only kept. False when another connection
     * has taken the session over meanwhile (nothing changes).
     */
    synchronized boolean park(PeerSink connection) {
        if (live != connection || state != State.LIVE) {
            return false;
        }
        live = null;
        state = State.PARKED;
        lostAt = clock.getAsLong();
        return true;
    }

    synchronized State state() {
        return state;
    }

    /** Milliseconds since the connection was lost; 0 while live. */
    synchronized long lostForMillis() {
        return state == State.LIVE ? 0 : clock.getAsLong() - lostAt;
    }

    /** PARKED to AWAY: the peer departs now, in these rooms; false when it is not parked (resumed meanwhile). */
    synchronized boolean goAway(List<String> roomsNow) {
        if (state != State.PARKED) {
            return false;
        }
        state = State.AWAY;
        rooms = List.copyOf(roomsNow);
        return true;
    }

    /** The rooms the peer had when it went away. */
    synchronized List<String> rooms() {
        return rooms;
    }

    /**
     * Checks a resume: the token (constant-time hash comparison; an earlier token of this session reads as used),
     * the user and token session, the window, and that every frame after {@code lastSeen} is still here. On
     * success the token is replaced by a new one, returned; the old one is used from now on.
     */
    synchronized Result check(ResumeRequest request, String authUser, String authSessionToken, long windowMillis) {
        if (!ResumeToken.matches(tokenHash, request.token())) {
            for (byte[] used : usedTokens) {
                if (ResumeToken.matches(used, request.token())) {
                    return Result.refused(ResumeFailure.USED);
                }
            }
            return Result.refused(ResumeFailure.INVALID);
        }
        if (!user.equals(authUser)) {
            return Result.refused(ResumeFailure.USER);
        }
        byte[] sessionNow = authSessionToken == null ? null : ResumeToken.hash(authSessionToken);
        if (sessionTokenHash != null && (sessionNow == null || !java.security.MessageDigest.isEqual(sessionTokenHash, sessionNow))) {
            return Result.refused(ResumeFailure.SESSION);
        }
        if (state != State.LIVE && clock.getAsLong() - lostAt > windowMillis) {
            return Result.refused(ResumeFailure.EXPIRED);
        }
        if (request.seq() < 0 || request.seq() > seq) {
            return Result.refused(ResumeFailure.SEQ);
        }
        Optional<List<OutgoingFrame>> replay = buffer.after(request.seq(), seq);
        if (replay.isEmpty()) {
            return Result.refused(ResumeFailure.OVERFLOW);
        }
        usedTokens.addLast(tokenHash);
        if (usedTokens.size() > USED_TOKENS_KEPT) {
            usedTokens.removeFirst();
        }
        ResumeToken.Issued next = ResumeToken.issue(peerId);
        tokenHash = next.hash();
        buffer.acknowledge(request.seq());
        return new Result(null, next, request.seq(), state);
    }

    /**
     * The new connection takes the session over: {@code first} (the welcome), then every kept frame after
     * {@code lastSeen}, in order, then live frames. Returns the connection it had, to be closed, or null.
     */
    synchronized PeerSink attach(PeerSink connection, OutgoingFrame first, long lastSeen, List<OutgoingFrame> kept) {
        connection.deliver(first);
        TreeMap<Long, OutgoingFrame> replay = new TreeMap<>();
        for (OutgoingFrame frame : kept) {
            if (frame.seq() > lastSeen) {
                replay.put(frame.seq(), frame);
            }
        }
        for (OutgoingFrame frame : buffer.after(lastSeen, seq).orElse(List.of())) {
            replay.putIfAbsent(frame.seq(), frame);
        }
        for (OutgoingFrame frame : replay.values()) {
            connection.deliver(frame);
            metrics.count(Counter.RESUME_FRAMES_REPLAYED);
        }
        if (!replay.isEmpty()) {
            seq = Math.max(seq, replay.lastKey());
        }
        PeerSink previous = live;
        live = connection;
        state = State.LIVE;
        return previous == connection ? null : previous;
    }

    /** The peer was resumed on another instance: the connection here (if any) is let go; returns it. */
    synchronized PeerSink release() {
        PeerSink previous = live;
        live = null;
        state = State.AWAY;
        return previous;
    }

    /** A session of another instance's peer, claimed here: its peer is bound at the resume. */
    synchronized void claimed(long lostAtMillis) {
        state = State.PARKED;
        lostAt = lostAtMillis;
    }

    synchronized void bindPeer(Peer registered) {
        peer = registered;
    }

    /** The highest seq this session has seen. */
    synchronized long seq() {
        return seq;
    }

    /** The SHA-256 of the current token, as hex (the cluster's record). */
    synchronized String tokenHex() {
        return java.util.HexFormat.of().formatHex(tokenHash);
    }

    /** The SHA-256 of the token session, as hex; "" without one. */
    String sessionHex() {
        return sessionTokenHash == null ? "" : java.util.HexFormat.of().formatHex(sessionTokenHash);
    }

    String user() {
        return user;
    }

    synchronized int bufferedFrames() {
        return buffer.frames();
    }

    synchronized long bufferedBytes() {
        return buffer.bytes();
    }

    /** Drops kept frames older than the window. */
    synchronized void trim(long windowMillis) {
        buffer.dropOlderThan(clock.getAsLong() - windowMillis);
    }

    /** The outcome of {@link #check}: a failure, or the new token, the client's last seq and the state it found. */
    record Result(ResumeFailure failure, ResumeToken.Issued token, long lastSeen, State found) {
        static Result refused(ResumeFailure failure) {
            return new Result(failure, null, -1, null);
        }
    }
}
