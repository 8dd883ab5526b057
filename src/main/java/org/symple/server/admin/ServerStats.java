package org.symple.server.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.spi.Context;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.symple.server.connection.Connection;
import org.symple.server.connection.ConnectionRegistry;
import org.symple.server.metrics.Counter;
import org.symple.server.metrics.Metrics;
import org.symple.server.peers.Peer;
import org.symple.server.peers.PeerRegistry;
import org.symple.server.protocol.FrameCodec;
import org.symple.server.redis.RedisConnector;
import org.symple.server.resume.ResumeService;

/**
 * The one list of figures of a deployment that {@code /health}, JMX, {@code /metrics} and the admin view all show:
 * its status, live gauges read from the registries, and every {@link Counter}. Counts only: no peer, user or room
 * names. It holds the beans' instances themselves, not CDI client proxies: JMX calls arrive on threads of other
 * applications or of the runtime, where a proxy could resolve to another deployment's bean or to none.
 */
public final class ServerStats {

    /** {@code status} while the server accepts peers, and once its shutdown began. */
    public static final String UP = "UP";
    public static final String STOPPING = "STOPPING";

    /** Whether a figure only grows (a counter) or goes up and down (a gauge). */
    public enum Kind { GAUGE, COUNTER }

    /** One figure: its key (camel case, as in {@code /health}), its kind, what it means and how to read it now. */
    public record Figure(String key, Kind kind, String help, LongSupplier value) {
    }

    private final long startedNanos = System.nanoTime();
    private final ConnectionRegistry connections;
    private final List<Figure> figures;

    ServerStats(ConnectionRegistry connections, PeerRegistry peers, Metrics metrics, RedisConnector redis,
            ResumeService resumes) {
        this.connections = connections;
        List<Figure> all = new ArrayList<>();
        all.add(gauge("uptimeSeconds", "Seconds since the application started",
                () -> TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos)));
        all.add(gauge("connections", "Open WebSocket connections, authenticated or not", connections::size));
        all.add(gauge("peers", "Online peers, virtual peers and other instances' peers included", peers::peerCount));
        all.add(gauge("localPeers", "Peers connected to this instance", () -> localPeers(peers)));
        all.add(gauge("rooms", "Rooms with at least one member", () -> peers.rooms().roomCount()));
        all.add(gauge("queuedBytes", "UTF-8 bytes waiting in or in flight from all outbound queues", this::queuedBytes));
        all.add(gauge("clusterInstances", "Instances with online peers as this one sees them, itself included",
                () -> instances(peers)));
        all.add(gauge("redisConfigured", "1 when a Redis server is configured", () -> redis.enabled() ? 1 : 0));
        all.add(gauge("redisAvailable", "1 when Redis is configured and reachable", () -> redis.isAvailable() ? 1 : 0));
        all.add(gauge("resumableSessions", "Sessions of the resume extension here, connected or parked",
                resumes::sessionCount));
        all.add(gauge("resumeParkedPeers", "Resumable sessions whose connection is lost", resumes::parkedCount));
        all.add(gauge("resumeBufferedFrames", "Frames kept for replay in all resume buffers", resumes::bufferedFrames));
        all.add(gauge("resumeBufferedBytes", "UTF-8 bytes kept for replay in all resume buffers", resumes::bufferedBytes));
        for (Counter counter : Counter.values()) {
            all.add(new Figure(counter.key(), Kind.COUNTER, counter.help(), () -> metrics.total(counter)));
        }
        all.add(new Figure("closedSlow", Kind.COUNTER, "Slow readers closed (queue overflows and send timeouts)",
                () -> metrics.total(Counter.QUEUE_OVERFLOWS) + metrics.total(Counter.SEND_TIMEOUTS)));
        figures = List.copyOf(all);
    }

    /** Reads the application's beans from its application context; call on one of the application's threads. */
    public static ServerStats of(BeanManager beans) {
        return new ServerStats(instance(beans, ConnectionRegistry.class), instance(beans, PeerRegistry.class),
                instance(beans, Metrics.class), instance(beans, RedisConnector.class), instance(beans, ResumeService.class));
    }

    private static <T> T instance(BeanManager beans, Class<T> type) {
        @SuppressWarnings("unchecked")
        Bean<T> bean = (Bean<T>) beans.resolve(beans.getBeans(type));
        Context context = beans.getContext(ApplicationScoped.class);
        return type.cast(context.get(bean, beans.createCreationalContext(bean)));
    }

    private static Figure gauge(String key, String help, LongSupplier value) {
        return new Figure(key, Kind.GAUGE, help, value);
    }

    /** {@link #UP}, or {@link #STOPPING} once the shutdown began. */
    public String status() {
        return connections.isAccepting() ? UP : STOPPING;
    }

    public List<Figure> figures() {
        return figures;
    }

    /** The status and every figure as one JSON object, the status first. */
    public JsonObject toJson() {
        return toJsonBuilder().build();
    }

    JsonObjectBuilder toJsonBuilder() {
        JsonObjectBuilder json = FrameCodec.JSON.createObjectBuilder().add("status", status());
        for (Figure figure : figures) {
            json.add(figure.key(), figure.value().getAsLong());
        }
        return json;
    }

    private long queuedBytes() {
        long total = 0;
        for (Connection connection : connections.all()) {
            total += connection.outbound().queuedBytes();
        }
        return total;
    }

    private static long localPeers(PeerRegistry peers) {
        return peers.peers().stream().filter(Peer::isLocal).count();
    }

    private static long instances(PeerRegistry peers) {
        Set<String> others = new HashSet<>();
        for (Peer peer : peers.peers()) {
            if (!peer.isLocal()) {
                others.add(peer.node());
            }
        }
        return others.size() + 1L;
    }
}
