package org.symple.server.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

/** The frame every recipient of a fan-out shares: its size, which of them may be coalesced, its object. */
class OutgoingFrameTest {

    private static String key(String json) {
        return OutgoingFrame.of(FrameCodec.parseObject(json).orElseThrow()).coalesceKey();
    }

    @Test
    void presenceIsKeyedBySender() {
        assertEquals("alice|A", key("{\"type\":\"presence\",\"from\":\"alice|A\",\"data\":{\"online\":true}}"));
    }

    @Test
    void aProbeIsKeyedToReplaceButIsNeverReplacedItself() {
        OutgoingFrame probe = OutgoingFrame.of(FrameCodec.parseObject(
                "{\"type\":\"presence\",\"from\":\"alice|A\",\"probe\":true,\"data\":{}}").orElseThrow());
        assertEquals("alice|A", probe.coalesceKey());
        assertFalse(probe.replaceable());
        assertTrue(OutgoingFrame.of(FrameCodec.parseObject(
                "{\"type\":\"presence\",\"from\":\"alice|A\",\"data\":{}}").orElseThrow()).replaceable());
    }

    @Test
    void callsAndEverythingElseAreNeverReplaced() {
        assertNull(key("{\"type\":\"message\",\"subtype\":\"call:offer\",\"from\":\"alice|A\"}"));
        assertNull(key("{\"type\":\"event\",\"from\":\"alice|A\"}"));
        assertNull(key("{\"type\":\"presence\",\"data\":{}}"));
        assertNull(OutgoingFrame.verbatim("{\"type\":\"presence\",\"from\":\"alice|A\"}").coalesceKey());
    }

    @Test
    void theSizeIsTheTextsUtf8Size() {
        String text = "{\"t\":\"é€😀\"}";
        assertEquals(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, OutgoingFrame.verbatim(text).bytes());
    }

    @Test
    void anObjectIsParsedOnlyWhenBuiltFromText() {
        JsonObject frame = FrameCodec.parseObject("{\"type\":\"message\",\"n\":1}").orElseThrow();
        assertSame(frame, OutgoingFrame.of(frame).object());
        OutgoingFrame forwarded = OutgoingFrame.serialised("{\"type\":\"message\",\"n\":1}", null);
        assertEquals(frame, forwarded.object());
        assertSame(forwarded.object(), forwarded.object());
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, OutgoingFrame.serialised("[1]", null).object());
    }

    @Test
    void aSeqIsAppendedAsTheLastMemberSoThatItSupersedesOneTheSenderWrote() {
        OutgoingFrame stamped = OutgoingFrame.verbatim("{\"type\":\"message\",\"seq\":99,\"data\":{}} ").withSeq(7);
        assertEquals("{\"type\":\"message\",\"seq\":99,\"data\":{},\"seq\":7} ", stamped.text());
        assertEquals(7, FrameCodec.parseObject(stamped.text()).orElseThrow().getInt("seq"));
        assertEquals(7, stamped.seq());
        assertEquals("{\"seq\":3}", OutgoingFrame.verbatim("{ }").withSeq(3).text().replace(" ", ""));
    }

    @Test
    void aStampedPresenceIsCoalescedAndBatchedLikeTheFrameItself() {
        OutgoingFrame presence = OutgoingFrame.presence("alice|A", FrameCodec.parseObject("{\"id\":\"A\",\"online\":true}").orElseThrow());
        OutgoingFrame stamped = presence.withSeq(4);
        assertEquals("alice|A", stamped.coalesceKey());
        assertTrue(stamped.replaceable());
        assertTrue(stamped.isServerPresence());
        assertEquals(presence.presenceData(), stamped.presenceData());
        assertEquals(0, presence.seq());
    }
}
