package org.symple.server.bench;

import com.sun.management.OperatingSystemMXBean;
import jakarta.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.symple.server.cluster.DirectoryListener;
import org.symple.server.cluster.RedisBroker;
import org.symple.server.cluster.ResumeListener;
import org.symple.server.config.Settings;
import org.symple.server.config.SympleConfig;
import org.symple.server.it.support.RedisFixture;
import org.symple.server.peers.Departure;
import org.symple.server.peers.Peer;
import org.symple.server.peers.PeerRegistry;
import org.symple.server.protocol.OutgoingFrame;
import org.symple.server.redis.RedisConnector;
import org.symple.server.runtime.Scheduler;
import redis.clients.jedis.Jedis;

/**
 * What a resumable recipient costs in a cluster, per delivered frame, sender and receiver in one JVM on a real
 * redis-server: the frame forwarded to its instance as for any peer, against the frame numbered, kept and delivered
 * by the resume script; process CPU per frame from the JVM, Redis CPU per call from {@code INFO commandstats}, and
 * {@code MEMORY USAGE} of the record and the stream. Run with
 * {@code mvn -B -q -Pbench test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.symple.server.bench.ResumeClusterCost}.
 */
public final class ResumeClusterCost {

    private static final int FRAMES = 20_000;
    private static final String TEXT = "{\"type\":\"message\",\"to\":\"lobby\",\"data\":{\"text\":\"hello, this is a chat line of"
            + " a typical length\"},\"from\":\"alice|Q2xhc3NpY0lkT2ZBbGljZQ\"}";
    private static final String ID = "Q2xhc3NpY0lkT2ZCb2I";

    private ResumeClusterCost() {
    }

    public static void main(String[] args) throws Exception {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        AtomicLong forwarded = new AtomicLong();
        AtomicLong numbered = new AtomicLong();
        try (RedisFixture redis = RedisFixture.start()) {
            Scheduler scheduler = new Scheduler();
            scheduler.start();
            SympleConfig config = SympleConfig.from(Settings.of(Map.of("SYMPLE_REDIS_URL", redis.url())));
            RedisConnector connector = new RedisConnector(config, scheduler);
            connector.start();
            RedisBroker broker = new RedisBroker(config, connector, new PeerRegistry(), new Quiet(),
                    (ids, frame) -> {
                        forwarded.addAndGet(ids.size());
                        IN_FLIGHT.release(ids.size());
                    }, new Counting(numbered), scheduler);
            broker.start();
            broker.resumeWrite(ID, Map.of("token", "00", "user", "bob", "seq", "0"), 120_000);
            String node;
            Jedis jedis = redis.client();
            while ((node = jedis.hget("symple:resume:" + ID, "node")) == null
                    || jedis.pubsubNumSub("symple:to:" + node).get("symple:to:" + node) == 0) {
                Thread.onSpinWait();
            }
            OutgoingFrame frame = OutgoingFrame.verbatim(TEXT);
            for (int round = 0; round < 3; round++) {
                long plain = run(os, FRAMES, () -> broker.forward(nodeOf(jedis), List.of(ID), frame));
                long resumable = run(os, FRAMES, () -> broker.sequence(List.of(ID), frame));
                System.out.printf("round %d: process CPU per frame forwarded %d ns, numbered %d ns%n", round,
                        plain / FRAMES, resumable / FRAMES);
            }
            System.out.println(jedis.info("commandstats").lines()
                    .filter(line -> line.startsWith("cmdstat_publish") || line.startsWith("cmdstat_eval")).toList());
            System.out.println("MEMORY USAGE record " + jedis.memoryUsage("symple:resume:" + ID, 0) + ", stream of "
                    + jedis.xlen("symple:resume:" + ID + ":frames") + " entries "
                    + jedis.memoryUsage("symple:resume:" + ID + ":frames", 0) + " bytes");
            broker.stop();
            connector.stop();
            scheduler.stop();
        }
        System.exit(0);
    }

    private static String nodeOf(Jedis jedis) {
        return NODE.updateAndGet(known -> known != null ? known : jedis.hget("symple:resume:" + ID, "node"));
    }

    private static final java.util.concurrent.atomic.AtomicReference<String> NODE = new java.util.concurrent.atomic.AtomicReference<>();

    /** Frames sent and not yet arrived, at most this many (within the ordered writer's queue). */
    private static final java.util.concurrent.Semaphore IN_FLIGHT = new java.util.concurrent.Semaphore(1000);

    /** Sends {@code count} frames and waits until all arrived; returns the process CPU nanoseconds it took. */
    private static long run(OperatingSystemMXBean os, int count, Runnable send) throws InterruptedException {
        long cpu = os.getProcessCpuTime();
        for (int i = 0; i < count; i++) {
            IN_FLIGHT.acquire();
            send.run();
        }
        IN_FLIGHT.acquire(1000);
        IN_FLIGHT.release(1000);
        return os.getProcessCpuTime() - cpu;
    }

    /** Counts numbered frames. */
    private record Counting(AtomicLong numbered) implements ResumeListener {
        @Override
        public void sequenced(String id, OutgoingFrame frame) {
            numbered.incrementAndGet();
            IN_FLIGHT.release();
        }

        @Override
        public void unnumbered(String id, OutgoingFrame frame) {
        }

        @Override
        public void movedAway(Peer peer, Collection<String> rooms) {
        }
    }

    /** Hears nothing of the directory. */
    private static final class Quiet implements DirectoryListener {
        @Override
        public void remoteArrived(Peer peer, Collection<String> rooms, Set<String> silent) {
        }

        @Override
        public void remoteDeparted(String id, Departure departure) {
        }

        @Override
        public void departuresLearned(List<Departure> departures) {
        }

        @Override
        public void remoteRoomsChanged(String id, Collection<String> rooms, Set<String> silent) {
        }

        @Override
        public void remoteUpdated(String id, JsonObject peer) {
        }
    }

}
