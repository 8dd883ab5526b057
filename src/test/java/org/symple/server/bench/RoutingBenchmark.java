package org.symple.server.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.websocket.SendResult;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import org.symple.server.connection.OutboundQueue;
import org.symple.server.metrics.Metrics;
import org.symple.server.protocol.FrameCodec;
import org.symple.server.protocol.FromRewrite;
import org.symple.server.protocol.OutgoingFrame;
import org.symple.server.rooms.RoomIndex;
import org.symple.server.routing.RoutePolicy;

/**
 * The hot path of routing, in process: the C++ server's "room fanout" fixture (8 rooms of 256 members in
 * overlapping windows; rooms 1-4 without peer-0 give 448 recipients) and the steps of one routed frame.
 * Run with {@code mvn -B -Pbench verify}; compare figures only within one run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RoutingBenchmark {

    private static final List<String> FOUR_ROOMS = List.of("room-1", "room-2", "room-3", "room-4");
    private static final String DIRECT = "{\"type\":\"message\",\"to\":\"user|peer-100\",\"data\":{\"text\":\"hi\"}}";

    private final RoomIndex rooms = new RoomIndex();
    private RoutePolicy policy;
    private String messageText;
    private JsonValue roomArray;
    private OutboundQueue queue;
    private OutgoingFrame shared;

    @Setup
    public void setUp() {
        for (int room = 0; room < 8; room++) {
            for (int member = 64 * room; member < 64 * room + 256; member++) {
                rooms.join("peer-" + member, "room-" + room);
            }
        }
        rooms.join("peer-0", "room-1");
        rooms.join("peer-0", "room-2");
        rooms.join("peer-0", "room-3");
        rooms.join("peer-0", "room-4");
        policy = new RoutePolicy(rooms, id -> id.startsWith("peer-") ? "user" : null);
        messageText = "{\"data\":{\"kind\":\"bench\",\"value\":42},\"type\":\"message\",\"to\":[\"room-1\",\"room-2\",\"room-3\",\"room-4\"]}";
        roomArray = Json.createArrayBuilder(FOUR_ROOMS).build();
        SendResult sent = new SendResult();
        queue = new OutboundQueue(Long.MAX_VALUE / 2, (text, handler) -> handler.onResult(sent), reason -> { },
                new Metrics());
        shared = OutgoingFrame.verbatim(messageText);
    }

    /** C++ symplebench "symple room fanout": deduplicated recipients of four rooms plus one serialisation. */
    @Benchmark
    public void roomFanoutRecipientsAndSerialise(Blackhole hole) {
        Set<String> recipients = rooms.recipients(FOUR_ROOMS, "peer-0");
        hole.consume(recipients.size());
        hole.consume(FrameCodec.write(FrameCodec.JSON.createObjectBuilder().add("data", FrameCodec.JSON.createObjectBuilder()
                .add("kind", "bench").add("value", 42)).add("from", "sender|sender").add("type", "message").build()));
    }

    /** One routed room frame: parse, permission-checked recipients (448), from set in the client's text. */
    @Benchmark
    public void routeRoomFrame(Blackhole hole) {
        JsonObject frame = FrameCodec.parseObject(messageText).orElseThrow();
        Set<String> recipients = policy.recipients("peer-0", roomArray);
        hole.consume(recipients.size());
        hole.consume(FromRewrite.apply(messageText, "\"user|peer-0\""));
    }

    /** One routed direct message as the server routes it: parse, shared-room check, from set in the client's text. */
    @Benchmark
    public void routeDirectMessage(Blackhole hole) {
        JsonObject frame = FrameCodec.parseObject(DIRECT).orElseThrow();
        hole.consume(policy.recipients("peer-0", frame.get("to")));
        hole.consume(FromRewrite.apply(DIRECT, "\"user|peer-0\""));
    }

    /** The same direct message on the fallback path: the parsed object rebuilt with from and written. */
    @Benchmark
    public void routeDirectMessageRebuilt(Blackhole hole) {
        JsonObject frame = FrameCodec.parseObject(DIRECT).orElseThrow();
        hole.consume(policy.recipients("peer-0", frame.get("to")));
        hole.consume(FrameCodec.write(FrameCodec.withFrom(frame, "user|peer-0")));
    }

    /**
     * One recipient's share of a fan-out: queueing the frame every recipient shares and sending it (a sender that
     * completes at once), the work the server does per delivery before the container's own.
     */
    @Benchmark
    public void enqueueForOneRecipient() {
        queue.offer(shared);
    }
}
