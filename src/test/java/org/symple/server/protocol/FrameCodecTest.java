package org.symple.server.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

    @Test
    void onlyJsonObjectsAreFrames() {
        for (String text : List.of("hello{", "null", "42", "\"s\"", "[]", "", "{\"a\":", "\uD800")) {
            assertTrue(FrameCodec.parseObject(text).isEmpty(), text);
        }
        assertEquals("auth", FrameCodec.parseObject("{\"type\":\"auth\"}").orElseThrow().getString("type"));
    }

    @Test
    void deepNestingIsRejectedNotThrown() {
        String deep = "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000);
        assertTrue(FrameCodec.parseObject(deep).isEmpty());
    }

    @Test
    void fromIsRewrittenAndEverythingElseKept() {
        JsonObject frame = FrameCodec.parseObject(
                "{\"type\":\"message\",\"from\":\"mallory|fake\",\"to\":\"bob|B\",\"data\":{\"n\":1},\"status\":200}").orElseThrow();
        JsonObject rewritten = FrameCodec.withFrom(frame, "alice|A");
        assertEquals("alice|A", rewritten.getString("from"));
        assertEquals(Json.createObjectBuilder(frame).remove("from").build(),
                Json.createObjectBuilder(rewritten).remove("from").build());
    }

    @Test
    void typedFramesHaveTheWireShape() {
        JsonObject error = parse(FrameCodec.error(ErrorCode.RATE_LIMITED));
        assertEquals(Json.createObjectBuilder().add("type", "error").add("status", 429)
                .add("message", "Rate limit exceeded").build(), error);
        JsonObject peer = Json.createObjectBuilder().add("id", "A").add("user", "alice").build();
        JsonObject welcome = parse(FrameCodec.write(new ServerFrames.Welcome(peer, List.of("alice", "x"))));
        assertEquals("welcome", welcome.getString("type"));
        assertEquals("symple/4", welcome.getString("protocol"));
        assertEquals(200, welcome.getInt("status"));
        assertEquals(peer, welcome.getJsonObject("peer"));
        assertEquals(Json.createArrayBuilder().add("alice").add("x").build(), welcome.getJsonArray("rooms"));
        assertEquals(Json.createObjectBuilder().add("type", "event").add("name", "shutdown").add("subtype", "shutdown")
                .add("message", "Server shutting down").build(), parse(FrameCodec.write(ServerFrames.Shutdown.NOTICE)));
        assertEquals(Json.createObjectBuilder().add("type", "join:ok").add("room", "r").build(),
                parse(FrameCodec.write(ServerFrames.RoomAck.joined("r"))));
    }

    private static JsonObject parse(String text) {
        return FrameCodec.parseObject(text).orElseThrow();
    }
}
