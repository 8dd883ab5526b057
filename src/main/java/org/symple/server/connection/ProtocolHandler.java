package org.symple.server.connection;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.symple.server.api.PeerEvents;
import org.symple.server.auth.AuthFailure;
import org.symple.server.auth.AuthService;
import org.symple.server.auth.Identity;
import org.symple.server.auth.SessionRefresher;
import org.symple.server.config.ConnectionConfig;
import org.symple.server.config.SympleConfig;
import org.symple.server.ice.IceServers;
import org.symple.server.metrics.Counter;
import org.symple.server.metrics.Metrics;
import org.symple.server.peers.Peer;
import org.symple.server.peers.PeerIds;
import org.symple.server.peers.PeerSink;
import org.symple.server.presence.PresenceService;
import org.symple.server.protocol.ErrorCode;
import org.symple.server.protocol.Extension;
import org.symple.server.protocol.FrameCodec;
import org.symple.server.protocol.ServerFrames.IceServersFrame;
import org.symple.server.protocol.ServerFrames.Welcome;
import org.symple.server.protocol.OutgoingFrame;
import org.symple.server.protocol.Utf8;
import org.symple.server.resume.ResumeFailure;
import org.symple.server.resume.ResumeRequest;
import org.symple.server.resume.ResumeService;
import org.symple.server.routing.Router;
import org.symple.server.runtime.Scheduler;
import org.symple.server.send.SendPath;

/**
 * The connection life cycle: admission, the auth deadline, one authentication per socket, then
 * rate-limited dispatch by frame type. Bad input never throws: it is ignored or answered with an error frame.
 */
@ApplicationScoped
public class ProtocolHandler {

    private static final Logger LOG = Logger.getLogger(ProtocolHandler.class.getName());
    private static final String CONNECTION = Connection.class.getName();
    private static final CloseReason CLIENT_CLOSE = new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "Closed");

    private final SympleConfig config;
    private final ConnectionRegistry connections;
    private final Scheduler scheduler;
    private final AuthService auth;
    private final SessionRefresher tokenSessions;
    private final PresenceService presence;
    private final Router router;
    private final Metrics metrics;
    private final PeerEvents events;
    private final IceServers ice;
    private final ResumeService resumes;
    private volatile SendPath sendPath;
    private final PresenceTick presenceTick;
    private volatile boolean destroyed;

    /** For the container's client proxy. */
    protected ProtocolHandler() {
        this(null, null, null, null, null, null, null, null, null, null, null);
    }

    @Inject
    public ProtocolHandler(SympleConfig config, ConnectionRegistry connections, Scheduler scheduler, AuthService auth,
            SessionRefresher tokenSessions, PresenceService presence, Router router, Metrics metrics, PeerEvents events,
            IceServers ice, ResumeService resumes) {
        this.config = config;
        this.connections = connections;
        this.scheduler = scheduler;
        this.auth = auth;
        this.tokenSessions = tokenSessions;
        this.presence = presence;
        this.router = router;
        this.metrics = metrics;
        this.events = events;
        this.ice = ice;
        this.resumes = resumes;
        this.presenceTick = new PresenceTick(scheduler);
    }

    /** The connection of a session, once {@link #open} created it; null before. */
    public static Connection connectionOf(Session session) {
        return (Connection) session.getUserProperties().get(CONNECTION);
    }

    /** The send path, chosen from the first session (the container is known only then) and logged once. */
    private SendPath sendPath(Session session) {
        SendPath path = sendPath;
        if (path == null) {
            synchronized (this) {
                if (sendPath == null) {
                    sendPath = SendPath.choose(session, config.connections().sendPath());
                    LOG.info("Send path: " + sendPath.description());
                }
                path = sendPath;
            }
        }
        return path;
    }

    public Connection open(Session session, String host) {
        ConnectionConfig limits = config.connections();
        Connection connection = new Connection(session, host, limits.frameBufferBytes(), limits.maxQueueBytes(),
                new RateBucket(limits.rateLimit(), limits.rateSeconds()), scheduler, metrics.unproxied().get(),
                sendPath(session), presenceTick, this::closed);
        session.getUserProperties().put(CONNECTION, connection);
        if (!connections.admit(connection, limits.maxConnections())) {
            metrics.count(Counter.CONNECTIONS_REFUSED);
            connection.fail(ErrorCode.AT_CAPACITY);
            return connection;
        }
        metrics.count(Counter.CONNECTIONS_OPENED);
        if (connection.state() == Connection.State.CLOSED || !session.isOpen()) {
            closed(connection); // the socket closed while it was being opened: count it out again
            return connection;
        }
        connection.armAuthDeadline(scheduler.schedule(() -> {
            if (connection.failAuthentication(ErrorCode.AUTH_TIMEOUT.status(), ErrorCode.AUTH_TIMEOUT.message())) {
                metrics.count(Counter.AUTH_TIMEOUTS);
                LOG.fine("Authentication deadline passed");
            }
        }, config.auth().timeoutMillis()));
        return connection;
    }

    public void receive(Connection connection, String text) {
        metrics.count(Counter.FRAMES_IN);
        handle(connection, text);
    }

    private void handle(Connection connection, String text) {
        if (tooLarge(text)) {
            if (connection.fail(ErrorCode.MESSAGE_TOO_LARGE)) {
                metrics.count(Counter.OVERSIZE);
            }
            return;
        }
        Optional<JsonObject> parsed = FrameCodec.parseObject(text);
        if (parsed.isEmpty()) {
            return;
        }
        JsonObject frame = parsed.get();
        switch (connection.state()) {
            case OPEN -> authenticate(connection, frame);
            case ONLINE -> dispatch(connection, frame, text);
            default -> { } // an auth is pending, or the socket is closing
        }
    }

    /** Binary frames are accepted when they hold UTF-8 JSON, like the Node server; anything else is ignored. */
    public void receive(Connection connection, ByteBuffer bytes) {
        metrics.count(Counter.FRAMES_IN);
        int limit = config.connections().maxMessageSize();
        if (limit > 0 && bytes.remaining() > limit) {
            if (connection.fail(ErrorCode.MESSAGE_TOO_LARGE)) {
                metrics.count(Counter.OVERSIZE);
            }
            return;
        }
        String text = Utf8.decode(bytes);
        if (text != null) {
            handle(connection, text); // anything that is not UTF-8 is ignored like any other unparseable frame
        }
    }

    public void pong(Connection connection) {
        connection.ponged();
    }

    /** The socket closed, or the server closed it; safe to call more than once, and before {@link #open} ended. */
    public void closed(Connection connection) {
        if (connection == null || destroyed) {
            return; // closed before open() created the connection (which then sees the closed session), or undeployed
        }
        connections.remove(connection);
        Peer peer = connection.markClosed();
        if (peer == null) {
            return;
        }
        boolean accepting = connections.isAccepting();
        ResumeService.Parking parking = accepting && !connection.closedByClient()
                ? resumes.park(peer, connection) : ResumeService.Parking.NOT_RESUMABLE;
        if (parking == ResumeService.Parking.TAKEN_OVER) {
            return; // a resume on another connection has the peer now
        }
        tokenSessions.detach(peer.id());
        if (parking == ResumeService.Parking.PARKED) {
            return; // resumable: its co-members hear nothing until the grace has passed
        }
        if (accepting) {
            resumes.forget(peer); // it sent close
        } else {
            resumes.leaving(peer); // the instance stops: in a cluster the session can go on elsewhere
        }
        if (presence.depart(peer, !accepting)) {
            events.disconnected(peer);
        }
    }

    /** Late closes (the shutdown's, run off-thread) find the application's beans gone and have nothing to update. */
    @PreDestroy
    void destroyed() {
        destroyed = true;
    }

    private boolean tooLarge(String text) {
        int limit = config.connections().maxMessageSize();
        if (limit == 0 || text.length() * 3L <= limit) {
            return false;
        }
        return text.length() > limit || Utf8.length(text) > limit;
    }

    private void authenticate(Connection connection, JsonObject frame) {
        if (!"auth".equals(FrameCodec.string(frame, "type"))) {
            connection.failAuthentication(ErrorCode.NOT_AUTHENTICATED.status(), ErrorCode.NOT_AUTHENTICATED.message());
            return;
        }
        if (!connection.startAuthentication()) {
            return;
        }
        auth.authenticate(frame, connection.host()).whenComplete((identity, error) -> {
            if (error != null) {
                AuthFailure failure = error instanceof AuthFailure f ? f
                        : error.getCause() instanceof AuthFailure f ? f
                        : new AuthFailure(ErrorCode.AUTH_FAILED);
                connection.failAuthentication(failure.status(), failure.getMessage());
            } else {
                register(connection, identity, Extension.requested(frame), ResumeRequest.of(frame));
            }
        });
    }

    private void register(Connection connection, Identity identity, Set<Extension> requested,
            Optional<ResumeRequest> resumeRequest) {
        boolean resumable = requested.contains(Extension.RESUME) && resumes.enabled();
        if (resumable && resumeRequest.isPresent()) {
            resumes.claim(resumeRequest.get(), identity.user(), identity.sessionToken()).whenComplete((claim, error) -> {
                if (claim != null && claim.granted()) {
                    resume(connection, identity, requested, claim);
                } else {
                    registerNew(connection, identity, requested, true,
                            claim != null ? claim.failure() : ResumeFailure.UNKNOWN);
                }
            });
            return;
        }
        registerNew(connection, identity, requested, resumable, null);
    }

    /** A new peer; for a session of the resume extension, {@code failure} says why a resume asked for was refused. */
    private void registerNew(Connection connection, Identity identity, Set<Extension> requested, boolean resumable,
            ResumeFailure failure) {
        String id = PeerIds.next();
        ResumeService.Opened opened = resumable ? resumes.open(id, identity.user(), identity.sessionToken()) : null;
        Peer peer = new Peer(id, identity.user(), identity.name(), Peer.DEFAULT_TYPE, connection.host(),
                identity.extras(), opened != null ? opened.sink() : connection);
        JsonObject resumeField = opened == null ? null
                : resumes.welcomeField(opened.token(), failure == null ? null : Boolean.FALSE, failure);
        Optional<IceServers.Grant> servers = ice.grant(peer.user());
        List<String> extensions = Extension.names(offeredExtensions());
        synchronized (connection) {
            if (!connection.goOnline(peer)) {
                if (opened != null) {
                    resumes.discard(opened);
                }
                return; // closed or timed out while authenticating: never register a ghost
            }
            if (opened != null) {
                resumes.bind(opened, peer, connection);
            }
            if (requested.contains(Extension.PRESENCE_BATCH)) {
                connection.batchPresence(scheduler);
            }
            // the welcome and the snapshot leave once the peer is registered, never before it can be addressed
            connection.outbound().hold();
            try {
                presence.arrive(peer, identity.rooms(), rooms -> {
                    // straight to the socket: the welcome never carries a seq and is never replayed
                    connection.deliver(OutgoingFrame.verbatim(FrameCodec.write(new Welcome(peer.toJson(true), rooms,
                            servers.map(IceServers.Grant::servers).orElse(null),
                            servers.map(IceServers.Grant::ttlSeconds).orElse(null), extensions, resumeField))));
                    return null;
                });
            } finally {
                connection.outbound().release();
            }
            // under the connection's lock, so that a close racing with this is seen after the attach
            tokenSessions.attach(peer.id(), identity.sessionToken());
        }
        events.connected(peer);
    }

    /**
     * A granted resume: the same peer on this connection. The welcome (with a new token) leaves first, then the frames
     * the client missed, then live frames; a peer that had departed (its grace passed) arrives again in its rooms,
     * with the snapshot and online presence an arrival causes. A connection the session still had is closed.
     */
    private void resume(Connection connection, Identity identity, Set<Extension> requested,
            ResumeService.Claim claim) {
        Peer peer = claim.peer();
        Optional<IceServers.Grant> servers = ice.grant(peer.user());
        List<String> extensions = Extension.names(offeredExtensions());
        JsonObject resumeField = resumes.welcomeField(claim.token(), Boolean.TRUE, null);
        synchronized (connection) {
            if (!connection.goOnline(peer)) {
                return; // closed while authenticating: the session stays parked until its window passes
            }
            if (requested.contains(Extension.PRESENCE_BATCH)) {
                connection.batchPresence(scheduler);
            }
            connection.outbound().hold();
            try {
                String welcome = FrameCodec.write(new Welcome(peer.toJson(true), resumes.rooms(claim),
                        servers.map(IceServers.Grant::servers).orElse(null),
                        servers.map(IceServers.Grant::ttlSeconds).orElse(null), extensions, resumeField));
                PeerSink previous = resumes.attach(claim, connection, welcome);
                if (previous != null) {
                    previous.handOver();
                }
                if (claim.adopt() && !presence.adopt(peer) || claim.away()) {
                    presence.arrive(peer, claim.rooms(), null);
                }
            } finally {
                connection.outbound().release();
            }
            tokenSessions.attach(peer.id(), identity.sessionToken());
        }
        if (claim.away() || claim.adopt()) {
            events.connected(peer);
        }
    }

    private void dispatch(Connection connection, JsonObject frame, String text) {
        Peer peer = connection.peer();
        if (peer == null) {
            return;
        }
        if (!connection.tryTakeToken()) {
            if (connection.fail(ErrorCode.RATE_LIMITED)) {
                metrics.count(Counter.RATE_LIMITED);
            }
            return;
        }
        String type = FrameCodec.string(frame, "type");
        if (type == null) {
            return;
        }
        switch (type) {
            case "message", "command", "event" -> router.routeMessage(peer, frame, text);
            case "presence" -> presence.publish(peer, frame);
            case "join" -> presence.join(peer, FrameCodec.string(frame, "room"));
            case "leave" -> presence.leave(peer, FrameCodec.string(frame, "room"));
            case "close" -> connection.closeByClient(CLIENT_CLOSE);
            case "ice:refresh" -> refreshIceServers(connection, peer);
            default -> { } // unknown types and a second auth are ignored
        }
    }

    /**
     * The extensions every welcome offers: batched presence always, ICE refresh where TURN is configured, resume
     * unless its window is 0.
     */
    private Set<Extension> offeredExtensions() {
        Set<Extension> offered = EnumSet.of(Extension.PRESENCE_BATCH);
        if (resumes.enabled()) {
            offered.add(Extension.RESUME);
        }
        if (ice.refreshable()) {
            offered.add(Extension.ICE_REFRESH);
        }
        return offered;
    }

    /**
     * The {@code ice-refresh} extension: fresh ICE servers (new TURN credentials) to this connection only. Where the
     * welcome did not offer the extension the request is an unknown type, and ignored like one.
     */
    private void refreshIceServers(Connection connection, Peer peer) {
        if (ice.refreshable()) {
            ice.grant(peer.user()).ifPresent(servers -> connection.outbound()
                    .offer(FrameCodec.write(new IceServersFrame(servers.servers(), servers.ttlSeconds()))));
        }
    }
}
