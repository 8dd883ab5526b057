package org.symple.server.bench;

import jakarta.json.JsonValue;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import org.symple.server.config.ResumeConfig;
import org.symple.server.metrics.Metrics;
import org.symple.server.peers.Peer;
import org.symple.server.peers.PeerIds;
import org.symple.server.peers.PeerSink;
import org.symple.server.protocol.OutgoingFrame;
import org.symple.server.resume.ResumeService;

/**
 * Heap per resumable idle session and per frame kept for replay: 20,000 sessions opened and bound to a peer (live,
 * nothing sent), then 50 frames of a 150-byte chat line delivered to each, the live heap measured after a full GC
 * at each step. Run with
 * {@code mvn -B -q -Pbench test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.symple.server.bench.ResumeMemory}.
 */
public final class ResumeMemory {

    private static final int SESSIONS = 20_000;
    private static final int FRAMES = 50;

    private ResumeMemory() {
    }

    public static void main(String[] args) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ResumeService resumes = new ResumeService(new ResumeConfig(120_000, 10_000, 1000, 1024 * 1024), null, null, null,
                new Metrics(), null, System::currentTimeMillis, null);
        PeerSink nowhere = frame -> { };
        List<Peer> peers = new ArrayList<>();
        List<PeerSink> sinks = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            peers.add(new Peer(PeerIds.next(), "user" + i, "user" + i, Peer.DEFAULT_TYPE, null, JsonValue.EMPTY_JSON_OBJECT,
                    nowhere));
        }
        long base = heap(memory);
        for (Peer peer : peers) {
            ResumeService.Opened opened = resumes.open(peer.id(), peer.user(), null);
            resumes.bind(opened, peer, nowhere);
            sinks.add(opened.sink());
        }
        long idle = heap(memory);
        OutgoingFrame line = OutgoingFrame.verbatim("{\"type\":\"message\",\"to\":\"lobby\",\"data\":{\"text\":\"hello, this"
                + " is a chat line of a typical length\"},\"from\":\"alice|Q2xhc3NpY0lkT2ZBbGljZQ\"}");
        for (int f = 0; f < FRAMES; f++) {
            for (PeerSink sink : sinks) {
                sink.deliver(line);
            }
        }
        long full = heap(memory);
        System.out.printf("frame text %d bytes; %d sessions: %.0f bytes per idle session; %d frames each: %.0f bytes per"
                + " kept frame (%d frames, %d bytes of text kept)%n", line.bytes(), SESSIONS,
                (idle - base) / (double) SESSIONS, FRAMES, (full - idle) / (double) (SESSIONS * (long) FRAMES),
                resumes.bufferedFrames(), resumes.bufferedBytes());
        System.out.println(peers.size() + sinks.size() > 0 ? "" : "-");
    }

    private static long heap(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
