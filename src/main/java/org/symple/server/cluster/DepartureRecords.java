package org.symple.server.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.symple.server.config.ContinuityConfig;
import org.symple.server.peers.Departure;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * The departures kept in Redis for the reconnect window, so that a client coming back on any instance, or on a
 * restarted one, is told of peers that left meanwhile: one sorted set scored by the time of each departure,
 * trimmed to the window and to the remembered count, expiring with the window when nothing leaves any more.
 */
final class DepartureRecords {

    private final long windowMillis;
    private final int capacity;

    DepartureRecords(ContinuityConfig continuity) {
        this.windowMillis = continuity.reconnectWindowMillis();
        this.capacity = continuity.reconnectMemory();
    }

    /** Adds the departures to the set and trims it, in the caller's pipeline. */
    void record(Pipeline pipeline, Collection<Departure> departures) {
        if (departures.isEmpty() || capacity == 0 || windowMillis == 0) {
            return;
        }
        long newest = 0;
        for (Departure departure : departures) {
            pipeline.zadd(ClusterWire.DEPARTURES, departure.offlineAt(), ClusterWire.departure(departure));
            newest = Math.max(newest, departure.offlineAt());
        }
        pipeline.zremrangeByScore(ClusterWire.DEPARTURES, Double.NEGATIVE_INFINITY, newest - windowMillis);
        pipeline.zremrangeByRank(ClusterWire.DEPARTURES, 0, -capacity - 1L);
        pipeline.pexpire(ClusterWire.DEPARTURES, windowMillis);
    }

    /** The departures, as of {@code offlineAt}, of the peers whose records these ids name (records missing are skipped). */
    List<Departure> ofRecords(Jedis jedis, Collection<String> ids, long offlineAt) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<String> records = jedis.mget(ids.stream().map(ClusterWire::peer).toArray(String[]::new));
        List<Departure> departures = new ArrayList<>(records.size());
        for (String record : records) {
            if (record != null) {
                ClusterWire.departureOf(record, offlineAt).ifPresent(departures::add);
            }
        }
        return departures;
    }
}
