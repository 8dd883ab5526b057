package org.symple.server.resume;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.function.LongSupplier;
import org.symple.server.api.PeerEvents;
import org.symple.server.cluster.Broker;
import org.symple.server.cluster.ResumeListener;
import org.symple.server.config.ResumeConfig;
import org.symple.server.config.SympleConfig;
import org.symple.server.metrics.Counter;
import org.symple.server.metrics.Metrics;
import org.symple.server.peers.Peer;
import org.symple.server.peers.PeerRegistry;
import org.symple.server.peers.PeerSink;
import org.symple.server.presence.PresenceService;
import org.symple.server.protocol.FrameCodec;
import org.symple.server.protocol.OutgoingFrame;
import org.symple.server.runtime.Scheduler;

/**
 * The {@code resume} extension on this instance: a session per peer that asked for it, parked when its connection is
 * lost, resumable with its token for {@code SYMPLE_RESUME_WINDOW}. A parked peer stays online for
 * {@code SYMPLE_RESUME_GRACE} (its co-members hear nothing), then departs as any peer does (offline presence, the
 * departure remembered); a resume within the window brings it back under the same id. Tokens are never logged.
 */
@ApplicationScoped
public class ResumeService implements ResumeListener {

    private static final int EXPIRED_KEPT = 10_000;
    private static final long SWEEP_MILLIS = 500;

    private final ResumeConfig config;
    private final PeerRegistry registry;
    private final PresenceService presence;
    private final PeerEvents events;
    private final Metrics metrics;
    private final Scheduler scheduler;
    private final LongSupplier clock;
    private final Broker broker;
    private final Map<String, ResumeSession> sessions = new ConcurrentHashMap<>();
    /** Ids of sessions whose window passed, so that their tokens are refused as expired rather than unknown. */
    private final Map<String, Boolean> expired = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > EXPIRED_KEPT;
        }
    };
    private ScheduledFuture<?> sweeper;
    private long refreshedAt;

    /** For the container's client proxy. */
    protected ResumeService() {
        this(null, null, null, null, null, null, null, null);
    }

    @Inject
    public ResumeService(SympleConfig config, PeerRegistry registry, PresenceService presence, PeerEvents events,
            Metrics metrics, Scheduler scheduler, Broker broker) {
        this(config == null ? null : config.resume(), registry, presence, events, metrics, scheduler,
                System::currentTimeMillis, broker);
    }

    /** With the wall clock the windows are measured by (epoch milliseconds). */
    public ResumeService(ResumeConfig config, PeerRegistry registry, PresenceService presence, PeerEvents events,
            Metrics metrics, Scheduler scheduler, LongSupplier clock, Broker broker) {
        this.broker = broker;
        this.config = config;
        this.registry = registry;
        this.presence = presence;
        this.events = events;
        this.metrics = metrics;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** Whether the welcome offers the extension. */
    public boolean enabled() {
        return config.enabled();
    }

    /** Starts the sweep of parked sessions (grace and window). */
    public synchronized void start() {
        if (enabled() && sweeper == null) {
            sweeper = scheduler.every(this::sweep, Math.min(SWEEP_MILLIS, Math.max(50, config.graceMillis() / 4)));
        }
    }

    /**
     * Stops: parked peers depart quietly (the instance is stopping, its connections are closed), and every session
     * is forgotten.
     */
    public synchronized void stop() {
        if (sweeper != null) {
            sweeper.cancel(false);
            sweeper = null;
        }
        for (ResumeSession session : List.copyOf(sessions.values())) {
            if (session.state() == ResumeSession.State.PARKED && session.goAway(roomsOf(session))) {
                depart(session, true); // in a cluster its record stays: it can be resumed on another instance
            }
        }
        sessions.clear();
    }

    /** A new session for a peer about to be registered: its sink and first token. */
    public Opened open(String peerId, String user, String sessionToken) {
        ResumeToken.Issued token = ResumeToken.issue(peerId);
        ResumeSession session = newSession(peerId, user, sessionToken, token.hash());
        sessions.put(peerId, session);
        if (clustered()) {
            broker.resumeWrite(peerId, Map.of("token", session.tokenHex(), "used", "", "user", user, "session",
                    session.sessionHex(), "seq", "0", "lost", "0"), config.windowMillis());
        }
        return new Opened(session, token.token());
    }

    /** The peer built with an {@link Opened} sink is registered, on this connection. */
    public void bind(Opened opened, Peer peer, PeerSink connection) {
        ResumeSession session = (ResumeSession) opened.sink();
        session.bind(peer, connection);
        if (clustered()) {
            broker.resumeWrite(peer.id(), described(session), config.windowMillis());
        }
    }

    private ResumeSession newSession(String peerId, String user, String sessionToken, byte[] tokenHash) {
        return new ResumeSession(peerId, user, sessionToken, tokenHash,
                new ResumeBuffer(config.maxFrames(), config.maxBytes()), metrics, clock, clustered() ? broker : null);
    }

    /** Whether the cluster numbers and keeps the frames (Redis); otherwise this instance does, in memory. */
    boolean clustered() {
        return broker != null && broker.sequences();
    }

    /** What the cluster's record says of a session's peer: its public object, rooms, and when it came online. */
    private Map<String, String> described(ResumeSession session) {
        Peer peer = session.peer();
        if (peer == null) {
            return Map.of();
        }
        return Map.of("peer", FrameCodec.write(peer.toJson(true)), "rooms",
                FrameCodec.JSON.createArrayBuilder(roomsOf(session)).build().toString(),
                "since", Long.toString(peer.onlineAt()), "name", peer.name());
    }

    /** The session was never used (its peer was not registered). */
    public void discard(Opened opened) {
        sessions.remove(((ResumeSession) opened.sink()).peerId(), (ResumeSession) opened.sink());
    }

    /**
     * Checks a resume request of a client that authenticated as {@code user} (in token mode with
     * {@code sessionToken}). Granted: the session's peer, the new token, what to replay from. Refused with a token
     * that was this session's own (overflow, seq, expired): the session ends, its peer departs if it had not yet, so
     * that the client's fresh session starts from true rosters.
     */
    public CompletionStage<Claim> claim(ResumeRequest request, String user, String sessionToken) {
        if (clustered()) {
            return new ClusterClaim(this, broker, registry, config, clock).claim(request, user, sessionToken);
        }
        return CompletableFuture.completedFuture(claimHere(request, user, sessionToken));
    }

    private Claim claimHere(ResumeRequest request, String user, String sessionToken) {
        String id = ResumeToken.peerIdOf(request.token());
        ResumeSession session = id == null ? null : sessions.get(id);
        if (session == null) {
            boolean wasExpired;
            synchronized (expired) {
                wasExpired = id != null && expired.containsKey(id);
            }
            return refused(wasExpired ? ResumeFailure.EXPIRED : ResumeFailure.UNKNOWN);
        }
        ResumeSession.Result result;
        synchronized (this) { // never while the sweep departs this session
            result = session.check(request, user, sessionToken, config.windowMillis());
            if (result.failure() != null) {
                if (ownerGaveUp(result.failure())) {
                    end(session, false);
                }
                return refused(result.failure());
            }
        }
        return granted(new Claim(null, session, session.peer(), result.token().token(), result.lastSeen(),
                result.found() == ResumeSession.State.AWAY, session.rooms(), List.of(), false));
    }

    Claim granted(Claim claim) {
        metrics.count(Counter.RESUMES);
        return claim;
    }

    /** A session for a claim of the cluster: this instance's own, or a new one for another instance's peer. */
    ResumeSession claiming(String id, String user, String sessionToken, byte[] tokenHash) {
        return sessions.compute(id, (key, mine) -> {
            if (mine != null) {
                return mine;
            }
            ResumeSession session = newSession(id, user, sessionToken, tokenHash);
            session.claimed(clock.getAsLong());
            return session;
        });
    }

    /** Ends a session the cluster refused to resume completely, and forgets its record. */
    void endClaimed(ResumeSession session, boolean remember) {
        synchronized (this) {
            end(session, remember);
        }
    }

    /** Failures that only the session's own client can cause: its session cannot be resumed any more. */
    static boolean ownerGaveUp(ResumeFailure failure) {
        return failure == ResumeFailure.OVERFLOW || failure == ResumeFailure.SEQ || failure == ResumeFailure.EXPIRED;
    }

    Claim refused(ResumeFailure failure) {
        metrics.count(Counter.RESUME_REFUSALS);
        return new Claim(failure, null, null, null, 0, false, List.of(), List.of(), false);
    }

    /**
     * The claimed session goes on on {@code connection}: {@code welcome} first, then the frames the client missed;
     * returns the connection the session had (to be closed), or null.
     */
    public PeerSink attach(Claim claim, PeerSink connection, String welcome) {
        claim.session().bindPeer(claim.peer());
        return claim.session().attach(connection, OutgoingFrame.verbatim(welcome), claim.lastSeen(), claim.kept());
    }

    /** What became of a peer whose connection was lost. */
    public enum Parking {
        /** Not a resumable peer here (or the instance stops): it departs as usual. */
        NOT_RESUMABLE,
        /** Parked: it stays registered, frames for it are kept, its co-members hear nothing for the grace. */
        PARKED,
        /** Another connection has resumed the session already: nothing to do. */
        TAKEN_OVER
    }

    /** The connection {@code connection} of {@code peer} was lost. */
    public Parking park(Peer peer, PeerSink connection) {
        if (!(peer.sink() instanceof ResumeSession session) || sessions.get(peer.id()) != session) {
            return Parking.NOT_RESUMABLE;
        }
        if (!session.park(connection)) {
            return Parking.TAKEN_OVER;
        }
        metrics.count(Counter.RESUME_PARKED);
        if (clustered()) {
            Map<String, String> lost = new java.util.HashMap<>(described(session));
            lost.put("lost", Long.toString(clock.getAsLong()));
            broker.resumeWrite(peer.id(), lost, config.windowMillis());
        }
        if (config.graceMillis() == 0) {
            scheduler.execute(this::sweep);
        }
        return Parking.PARKED;
    }

    /** The rooms a claimed session's welcome names: those it had when it went away, or has now. */
    public List<String> rooms(Claim claim) {
        return claim.away() || claim.adopt() ? claim.rooms() : List.copyOf(registry.rooms().roomsOf(claim.peer().id()));
    }

    /** The client ended its session ({@code close}): it is over here and in the cluster; its token is void. */
    public void forget(Peer peer) {
        ResumeSession session = sessions.remove(peer.id());
        if (session != null && clustered()) {
            broker.resumeEnd(peer.id(), false);
        }
    }

    /**
     * The instance stops: the peer departs here, but in a cluster its session stays resumable on another instance
     * for the window (its record is marked lost).
     */
    public void leaving(Peer peer) {
        ResumeSession session = sessions.remove(peer.id());
        if (session != null && clustered()) {
            Map<String, String> lost = new java.util.HashMap<>(described(session));
            lost.put("lost", Long.toString(clock.getAsLong()));
            broker.resumeWrite(peer.id(), lost, config.windowMillis());
        }
    }

    /** The {@code resume} object of a welcome. */
    public JsonObject welcomeField(String token, Boolean resumed, ResumeFailure failure) {
        JsonObjectBuilder json = FrameCodec.JSON.createObjectBuilder();
        if (resumed != null) {
            json.add("resumed", resumed);
        }
        if (failure != null) {
            json.add("reason", failure.reason());
        }
        return json.add("token", token).add("window", config.windowMillis() / 1000).build();
    }

    /** Parked peers whose grace passed depart; sessions whose window passed end. */
    synchronized void sweep() {
        boolean refresh = clustered() && clock.getAsLong() - refreshedAt >= refreshMillis();
        if (refresh) {
            refreshedAt = clock.getAsLong();
        }
        for (ResumeSession session : sessions.values()) {
            if (refresh && session.state() == ResumeSession.State.LIVE && session.peer() != null) {
                Map<String, String> record = new java.util.HashMap<>(described(session));
                record.put("token", session.tokenHex());
                record.put("user", session.user());
                record.put("session", session.sessionHex());
                record.put("seq", Long.toString(session.seq()));
                broker.resumeWrite(session.peerId(), record, config.windowMillis());
            }
            long lost = session.lostForMillis();
            if (session.state() == ResumeSession.State.LIVE) {
                session.trim(config.windowMillis());
            } else if (lost > config.windowMillis()) {
                metrics.count(Counter.RESUME_EXPIRED);
                end(session, true);
            } else if (lost >= config.graceMillis() && session.goAway(roomsOf(session))) {
                depart(session, false);
            }
        }
    }

    /** How often the records of connected sessions are written again (their time to live, a lost record). */
    private long refreshMillis() {
        return Math.max(1000, Math.min(config.windowMillis() / 3, 10_000));
    }

    private List<String> roomsOf(ResumeSession session) {
        return new ArrayList<>(registry.rooms().roomsOf(session.peerId()));
    }

    /** Removes the session; a peer still parked departs. */
    private void end(ResumeSession session, boolean remember) {
        sessions.remove(session.peerId(), session);
        if (clustered()) {
            broker.resumeEnd(session.peerId(), remember);
        }
        if (remember) {
            synchronized (expired) {
                expired.put(session.peerId(), Boolean.TRUE);
            }
        }
        if (session.goAway(List.of())) {
            depart(session, false);
        }
    }

    private void depart(ResumeSession session, boolean quietly) {
        Peer peer = session.peer();
        if (peer != null && presence.depart(peer, quietly)) {
            events.disconnected(peer);
        }
    }

    @Override
    public void sequenced(String id, OutgoingFrame frame) {
        ResumeSession session = sessions.get(id);
        if (session != null) {
            session.deliver(frame);
        }
    }

    @Override
    public void unnumbered(String id, OutgoingFrame frame) {
        ResumeSession session = sessions.get(id);
        if (session != null) {
            session.deliverUnnumbered(frame);
        }
    }

    @Override
    public void movedAway(Peer peer, Collection<String> rooms) {
        ResumeSession session = sessions.remove(peer.id());
        if (session == null) {
            return;
        }
        presence.movedAway(peer, rooms);
        PeerSink connection = session.release();
        if (connection != null) {
            connection.handOver();
        }
    }

    /** Resumable sessions here, live or parked. */
    public int sessionCount() {
        return sessions.size();
    }

    /** Sessions whose connection is lost (parked or away). */
    public long parkedCount() {
        return sessions.values().stream().filter(s -> s.state() != ResumeSession.State.LIVE).count();
    }

    public long bufferedFrames() {
        long total = 0;
        for (ResumeSession session : sessions.values()) {
            total += session.bufferedFrames();
        }
        return total;
    }

    public long bufferedBytes() {
        long total = 0;
        for (ResumeSession session : sessions.values()) {
            total += session.bufferedBytes();
        }
        return total;
    }

    /** A new session: the sink to build its peer with and the token for the welcome. */
    public record Opened(PeerSink sink, String token) {
        @Override
        public String toString() {
            return "Opened[token=(hidden)]";
        }
    }

    /**
     * What a resume request got: a failure, or the session's peer, the new token, the client's last seq, whether the
     * peer had departed (it must arrive again, in {@code rooms}), the frames the cluster kept for it, and whether it
     * comes from another instance while still online there ({@code adopt}: this instance takes it over quietly).
     */
    public record Claim(ResumeFailure failure, ResumeSession session, Peer peer, String token, long lastSeen,
            boolean away, List<String> rooms, List<OutgoingFrame> kept, boolean adopt) {
        public boolean granted() {
            return failure == null;
        }

        @Override
        public String toString() {
            return "Claim[" + (failure == null ? "granted" : failure.reason()) + "]";
        }
    }
}
