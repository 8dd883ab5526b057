package org.symple.server.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class FromRewriteTest {

    private static final String FROM = "\"alice|a1\"";

    /** What the object path gives: the frame parsed, {@code from} set, as an object. */
    private static JsonObject expected(String text) {
        return FrameCodec.withFrom(FrameCodec.parseObject(text).orElseThrow(), "alice|a1");
    }

    private static JsonObject rewritten(String text) {
        return FrameCodec.parseObject(FromRewrite.apply(text, FROM)).orElseThrow();
    }

    @Test
    void aFrameWithoutFromGetsItAsItsFirstMember() {
        String text = "{\"type\":\"message\",\"to\":\"bob|b1\",\"data\":{\"text\":\"hi\"}}";
        assertEquals("{\"from\":\"alice|a1\",\"type\":\"message\",\"to\":\"bob|b1\",\"data\":{\"text\":\"hi\"}}",
                FromRewrite.apply(text, FROM));
    }

    @Test
    void anExistingFromIsReplacedWhateverItsValueAndTheRestStaysAsSent() {
        assertEquals("{ \"type\" : \"message\", \"from\" : \"alice|a1\" , \"data\":[1, 2] }",
                FromRewrite.apply("{ \"type\" : \"message\", \"from\" : \"mallory|m\" , \"data\":[1, 2] }", FROM));
        for (String value : List.of("null", "true", "-12.5e3", "{\"user\":\"x\",\"id\":[1,{}]}", "[\"a\",\"]\"]",
                "\"with \\\"quotes\\\" and \\\\\"")) {
            String text = "{\"from\":" + value + ",\"type\":\"message\"}";
            assertEquals("{\"from\":\"alice|a1\",\"type\":\"message\"}", FromRewrite.apply(text, FROM), text);
        }
        assertEquals("{\"type\":\"message\",\"from\":\"alice|a1\"}", FromRewrite.apply("{\"type\":\"message\",\"from\":42}", FROM));
    }

    @Test
    void onlyTheTopLevelFromCounts() {
        String text = "{\"data\":{\"from\":\"kept\",\"x\":\"\\\"from\\\":1\"},\"type\":\"event\",\"note\":\"from\"}";
        assertEquals(expected(text), rewritten(text));
        assertEquals("kept", rewritten(text).getJsonObject("data").getString("from"));
    }

    @Test
    void anEmptyObjectGetsOnlyFrom() {
        assertEquals("{\"from\":\"alice|a1\"}", FromRewrite.apply("{}", FROM));
        assertEquals(" {\"from\":\"alice|a1\"} ", FromRewrite.apply(" { } ", FROM));
    }

    @Test
    void whatAParserCouldReadDifferentlyIsLeftToTheObjectPath() {
        assertNull(FromRewrite.apply("{\"fr\\u006fm\":\"mallory|m\",\"type\":\"message\"}", FROM));
        assertNull(FromRewrite.apply("{\"from\":\"a|1\",\"type\":\"message\",\"from\":\"mallory|m\"}", FROM));
        assertNull(FromRewrite.apply("[1]", FROM));
    }

    @Test
    void theResultReadsAsTheObjectPathsFrame() {
        for (String text : List.of(
                "{\"type\":\"message\",\"to\":[\"lobby\",\"x|y\"],\"data\":{\"n\":[1,2,{\"from\":null}]},\"id\":\"m1\"}",
                "{\"type\":\"command\",\"node\":\"a:b\",\"from\":\"x\",\"data\":\"\\u00e9\\\\\"}",
                "\n{\n\t\"type\":\"event\",\n\t\"name\":\"e\"\n}\n",
                "{\"type\":\"message\",\"data\":\"\uD83D\uDE00 text with } and ] and ,\",\"from\":[]}")) {
            assertEquals(expected(text), rewritten(text), text);
        }
    }
}
