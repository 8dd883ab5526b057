package org.symple.server.bench;

import jakarta.json.JsonValue;
import jakarta.websocket.SendResult;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.symple.server.config.ResumeConfig;
import org.symple.server.connection.OutboundQueue;
import org.symple.server.metrics.Metrics;
import org.symple.server.peers.Peer;
import org.symple.server.peers.PeerSink;
import org.symple.server.protocol.OutgoingFrame;
import org.symple.server.resume.ResumeService;

/**
 * What the {@code resume} extension adds to one delivery: a frame every recipient shares queued for one recipient
 * (a sender that completes at once), without resume and through a resumable session (seq stamped into a copy of the
 * text, kept in the replay buffer at its default bounds, then queued). Run with
 * {@code mvn -B -Pbench verify -Dbench.args="ResumeBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ResumeBenchmark {

    private static final String TEXT = "{\"type\":\"message\",\"to\":\"lobby\",\"data\":{\"text\":\"hello, this is a chat line of"
            + " a typical length\"},\"from\":\"alice|Q2xhc3NpY0lkT2ZBbGljZQ\"}";

    private OutgoingFrame shared;
    private OutboundQueue queue;
    private PeerSink resumable;

    @Setup
    public void setUp() {
        SendResult sent = new SendResult();
        Metrics metrics = new Metrics();
        queue = new OutboundQueue(Long.MAX_VALUE / 2, (text, handler) -> handler.onResult(sent), reason -> { }, metrics);
        shared = OutgoingFrame.verbatim(TEXT);
        ResumeService resumes = new ResumeService(new ResumeConfig(120_000, 10_000, 1000, 1024 * 1024), null, null, null,
                metrics, null, System::currentTimeMillis, null);
        ResumeService.Opened opened = resumes.open("Q2xhc3NpY0lkT2ZCb2I", "bob", null);
        PeerSink connection = queue::offer;
        resumes.bind(opened, new Peer("Q2xhc3NpY0lkT2ZCb2I", "bob", "bob", Peer.DEFAULT_TYPE, null,
                JsonValue.EMPTY_JSON_OBJECT, opened.sink()), connection);
        resumable = opened.sink();
    }

    /** One delivery to a recipient that did not ask for resume. */
    @Benchmark
    public void deliverPlain() {
        queue.offer(shared);
    }

    /** One delivery to a resumable recipient: stamped, kept (the buffer full at 1,000 frames drops one), queued. */
    @Benchmark
    public void deliverResumable() {
        resumable.deliver(shared);
    }
}
