package org.symple.server.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Set;
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
        JsonObject welcome = parse(FrameCodec.write(new ServerFrames.Welcome(peer, List.of("alice", "x"), null, null, null, null)));
        assertEquals(Set.of("type", "protocol", "status", "peer", "rooms"), welcome.keySet());
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

    @Test
    void aWelcomeWithIceServersCarriesThemTheirLifetimeAndTheExtensions() {
        JsonObject peer = Json.createObjectBuilder().add("id", "A").add("user", "alice").build();
        JsonArray servers = Json.createArrayBuilder().add(Json.createObjectBuilder()
                .add("urls", Json.createArrayBuilder().add("turn:turn.example:3478"))
                .add("username", "1767225600:alice").add("credential", "c")).build();
        JsonObject welcome = parse(FrameCodec.write(
                new ServerFrames.Welcome(peer, List.of("alice"), servers, 600L, List.of("ice-refresh"), null)));
        assertEquals(servers, welcome.getJsonArray("iceServers"));
        assertEquals(600, welcome.getInt("iceServersTtl"));
        assertEquals(Json.createArrayBuilder().add("ice-refresh").build(), welcome.getJsonArray("extensions"));
        assertEquals(Json.createObjectBuilder().add("type", "ice:servers").add("iceServers", servers)
                .add("iceServersTtl", 600).build(), parse(FrameCodec.write(new ServerFrames.IceServersFrame(servers, 600L))));
    }

    private static JsonObject parse(String text) {
        return FrameCodec.parseObject(text).orElseThrow();
    }
}
