package org.symple.server.admin;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.HashSet;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.symple.server.metrics.TrafficHistograms;
import org.symple.server.peers.Peer;
import org.symple.server.peers.PeerRegistry;
import org.symple.server.redis.RedisConnector;

/**
 * The deployment's Prometheus registry: the figures of {@code /health} read at scrape time (counters and gauges,
 * no labels with peer or room names), Redis and cluster gauges, and the hot-path histograms.
 */
public final class PrometheusExport {

    private PrometheusExport() {
    }

    public static PrometheusRegistry registry(ServerStats stats, PeerRegistry peers, RedisConnector redis,
            TrafficHistograms histograms) {
        PrometheusRegistry registry = new PrometheusRegistry();
        gauge(registry, "symple_up", "1 while the server accepts peers, 0 once its shutdown began", stats,
                s -> "UP".equals(s.getStatus()) ? 1 : 0);
        GaugeWithCallback.builder().name("symple_uptime_seconds").unit(Unit.SECONDS)
                .help("Seconds since the application started")
                .callback(callback -> callback.call(stats.getUptimeSeconds())).register(registry);
        gauge(registry, "symple_connections", "Open WebSocket connections, authenticated or not", stats, ServerStats::getConnections);
        gauge(registry, "symple_peers", "Online peers, virtual peers and other instances' peers included", stats, ServerStats::getPeers);
        gauge(registry, "symple_rooms", "Rooms with at least one member", stats, ServerStats::getRooms);
        GaugeWithCallback.builder().name("symple_queued_bytes").unit(Unit.BYTES)
                .help("UTF-8 bytes waiting in or in flight from all outbound queues")
                .callback(callback -> callback.call(stats.getQueuedBytes())).register(registry);
        counter(registry, "symple_connections_opened", "Connections accepted", stats, ServerStats::getConnectionsOpened);
        counter(registry, "symple_connections_refused", "Connections refused at capacity or while stopping", stats,
                ServerStats::getConnectionsRefused);
        counter(registry, "symple_frames_in", "Frames received, valid or not", stats, ServerStats::getFramesIn);
        counter(registry, "symple_frames_out", "Frames whose send completed", stats, ServerStats::getFramesOut);
        counter(registry, "symple_frames_coalesced", "Presence frames replaced by a newer one before a slow reader got them",
                stats, ServerStats::getFramesCoalesced);
        counter(registry, "symple_queue_overflows", "Connections closed because their outbound queue overflowed", stats,
                ServerStats::getQueueOverflows);
        counter(registry, "symple_send_timeouts", "Connections closed because one send stayed in flight too long", stats,
                ServerStats::getSendTimeouts);
        counter(registry, "symple_ping_timeouts", "Connections closed because they missed two pongs", stats,
                ServerStats::getPingTimeouts);
        counter(registry, "symple_auth_timeouts", "Sockets closed because they did not authenticate in time", stats,
                ServerStats::getAuthTimeouts);
        counter(registry, "symple_rate_limited", "Connections closed for exceeding the rate limit", stats,
                ServerStats::getRateLimited);
        counter(registry, "symple_oversize", "Connections closed for a frame over the size limit", stats,
                ServerStats::getOversize);
        gauge(registry, "symple_redis_configured", "1 when a Redis server is configured", redis, r -> r.enabled() ? 1 : 0);
        gauge(registry, "symple_redis_available", "1 when Redis is configured and reachable", redis,
                r -> r.isAvailable() ? 1 : 0);
        gauge(registry, "symple_local_peers", "Peers connected to this instance", peers, PrometheusExport::localPeers);
        gauge(registry, "symple_cluster_instances", "Instances with online peers as this one sees them, itself included",
                peers, PrometheusExport::instances);
        registry.register(histograms.fanOut());
        registry.register(histograms.sendLatency());
        return registry;
    }

    private static int localPeers(PeerRegistry peers) {
        int count = 0;
        for (Peer peer : peers.peers()) {
            if (peer.isLocal()) {
                count++;
            }
        }
        return count;
    }

    private static int instances(PeerRegistry peers) {
        Set<String> others = new HashSet<>();
        for (Peer peer : peers.peers()) {
            if (!peer.isLocal()) {
                others.add(peer.node());
            }
        }
        return others.size() + 1;
    }

    private static <T> void gauge(PrometheusRegistry registry, String name, String help, T source, ToDoubleFunction<T> value) {
        GaugeWithCallback.builder().name(name).help(help)
                .callback(callback -> callback.call(value.applyAsDouble(source))).register(registry);
    }

    private static <T> void counter(PrometheusRegistry registry, String name, String help, T source, ToDoubleFunction<T> value) {
        CounterWithCallback.builder().name(name).help(help)
                .callback(callback -> callback.call(value.applyAsDouble(source))).register(registry);
    }
}
