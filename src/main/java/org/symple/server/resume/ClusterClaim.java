package org.symple.server.resume;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import org.symple.server.cluster.Broker;
import org.symple.server.cluster.ResumeRecord;
import org.symple.server.config.ResumeConfig;
import org.symple.server.peers.Peer;
import org.symple.server.peers.PeerRegistry;
import org.symple.server.protocol.FrameCodec;
import org.symple.server.protocol.OutgoingFrame;

/**
 * One resume request in a cluster: the session's record read from Redis and checked here (token hashes compared in
 * constant time, user, token session, window, seq), then taken over for this instance only if its token is still the
 * one checked, which also answers the frames the cluster kept for it; a replay with a gap is refused as overflow.
 */
final class ClusterClaim {

    private static final HexFormat HEX = HexFormat.of();

    private final ResumeService service;
    private final Broker broker;
    private final PeerRegistry registry;
    private final ResumeConfig config;
    private final LongSupplier clock;

    ClusterClaim(ResumeService service, Broker broker, PeerRegistry registry, ResumeConfig config, LongSupplier clock) {
        this.service = service;
        this.broker = broker;
        this.registry = registry;
        this.config = config;
        this.clock = clock;
    }

    CompletionStage<ResumeService.Claim> claim(ResumeRequest request, String user, String sessionToken) {
        String id = ResumeToken.peerIdOf(request.token());
        if (id == null) {
            return CompletableFuture.completedFuture(service.refused(ResumeFailure.UNKNOWN));
        }
        return broker.resumeRead(id).thenCompose(record -> {
            if (!record.present() || record.field("token") == null) {
                return done(service.refused(record.existed() ? ResumeFailure.EXPIRED : ResumeFailure.UNKNOWN));
            }
            ResumeFailure failure = check(record, request, user, sessionToken);
            if (failure != null) {
                if (ResumeService.ownerGaveUp(failure)) {
                    service.endClaimed(service.claiming(id, user, sessionToken, new byte[32]),
                            failure == ResumeFailure.EXPIRED);
                }
                return done(service.refused(failure));
            }
            ResumeToken.Issued next = ResumeToken.issue(id);
            ResumeSession session = service.claiming(id, user, sessionToken, next.hash());
            return broker.resumeTakeOver(id, record.field("token"), HEX.formatHex(next.hash()))
                    .thenApply(over -> granted(request, record, session, next, over));
        }).exceptionally(failed -> service.refused(ResumeFailure.UNKNOWN));
    }

    private ResumeFailure check(ResumeRecord record, ResumeRequest request, String user, String sessionToken) {
        if (!ResumeToken.matches(hex(record.field("token")), request.token())) {
            for (String used : record.fields().getOrDefault("used", "").split(" ")) {
                if (!used.isEmpty() && ResumeToken.matches(hex(used), request.token())) {
                    return ResumeFailure.USED;
                }
            }
            return ResumeFailure.INVALID;
        }
        if (!user.equals(record.field("user"))) {
            return ResumeFailure.USER;
        }
        String session = record.fields().getOrDefault("session", "");
        if (!session.isEmpty() && (sessionToken == null
                || !MessageDigest.isEqual(hex(session), ResumeToken.hash(sessionToken)))) {
            return ResumeFailure.SESSION;
        }
        long lost = record.number("lost");
        if (lost > 0 && clock.getAsLong() - lost > config.windowMillis()) {
            return ResumeFailure.EXPIRED;
        }
        if (request.seq() < 0 || request.seq() > record.number("seq")) {
            return ResumeFailure.SEQ;
        }
        return null;
    }

    private ResumeService.Claim granted(ResumeRequest request, ResumeRecord record, ResumeSession session,
            ResumeToken.Issued next, ResumeRecord.TakeOver over) {
        if (!over.won()) {
            return service.refused(ResumeFailure.USED);
        }
        List<OutgoingFrame> replay = over.frames().stream().filter(frame -> frame.seq() > request.seq()).toList();
        long bytes = replay.stream().mapToLong(OutgoingFrame::bytes).sum();
        boolean complete = request.seq() >= over.seq() || (!replay.isEmpty() && replay.get(0).seq() == request.seq() + 1
                && replay.get(replay.size() - 1).seq() == over.seq());
        if (!complete || bytes > config.maxBytes()) {
            service.endClaimed(session, false);
            return service.refused(ResumeFailure.OVERFLOW);
        }
        Peer known = registry.getOrNull(session.peerId());
        Peer peer = known != null && known.isLocal() && known.sink() == session ? known : peerOf(record, session);
        boolean adopt = known != null && !known.isLocal();
        List<String> rooms = known != null ? List.copyOf(registry.rooms().roomsOf(known.id())) : rooms(record);
        return service.granted(new ResumeService.Claim(null, session, peer, next.token(), request.seq(), known == null,
                rooms, replay, adopt));
    }

    /** The peer as the record describes it, with this instance's session as its sink. */
    private static Peer peerOf(ResumeRecord record, ResumeSession session) {
        JsonObject json = FrameCodec.parseObject(record.fields().getOrDefault("peer", "{}")).orElse(JsonValue.EMPTY_JSON_OBJECT);
        String user = record.field("user");
        return new Peer(session.peerId(), user, json.getString("name", record.fields().getOrDefault("name", user)),
                json.getString("type", Peer.DEFAULT_TYPE), json.getString("host", null), json, session,
                record.number("since"));
    }

    private static List<String> rooms(ResumeRecord record) {
        try {
            JsonValue value = FrameCodec.parseValue(record.fields().getOrDefault("rooms", "[]"));
            return value.getValueType() != JsonValue.ValueType.ARRAY ? List.of() : value.asJsonArray().stream()
                    .filter(JsonString.class::isInstance).map(room -> ((JsonString) room).getString()).toList();
        } catch (RuntimeException malformed) {
            return List.of();
        }
    }

    private static byte[] hex(String text) {
        try {
            return text == null ? null : HEX.parseHex(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static <T> CompletionStage<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
