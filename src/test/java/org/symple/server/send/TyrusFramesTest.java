package org.symple.server.send;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The raw text frames: RFC 6455 headers for each payload length class, UTF-8 payloads, no mask. */
class TyrusFramesTest {

    private static String text(int bytes) {
        return "x".repeat(bytes);
    }

    private static int payloadOffset(ByteBuffer frame) {
        int length = frame.get(1) & 0x7F;
        return length < 126 ? 2 : length == 126 ? 4 : 10;
    }

    @Test
    void aShortFrameHasTheLengthInItsSecondByte() {
        ByteBuffer frame = TyrusFrames.frame(text(125));
        assertEquals((byte) 0x81, frame.get(0), "FIN and text opcode");
        assertEquals(125, frame.get(1), "no mask bit, 7-bit length");
        assertEquals(127, frame.remaining());
    }

    @Test
    void aFrameOf126To65535BytesHasASixteenBitLength() {
        for (int length : new int[] {126, 65_535}) {
            ByteBuffer frame = TyrusFrames.frame(text(length));
            assertEquals(126, frame.get(1));
            assertEquals(length, frame.getShort(2) & 0xFFFF);
            assertEquals(4 + length, frame.remaining());
        }
    }

    @Test
    void aLargerFrameHasASixtyFourBitLength() {
        ByteBuffer frame = TyrusFrames.frame(text(65_536));
        assertEquals(127, frame.get(1));
        assertEquals(65_536L, frame.getLong(2));
        assertEquals(10 + 65_536, frame.remaining());
    }

    @Test
    void thePayloadIsTheTextInUtf8AndTheLengthCountsBytes() {
        String text = "{\"data\":\"héllo 💬\"}";
        ByteBuffer frame = TyrusFrames.frame(text);
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        assertEquals(utf8.length, frame.get(1));
        byte[] payload = new byte[frame.remaining() - payloadOffset(frame)];
        frame.position(payloadOffset(frame)).get(payload);
        assertEquals(text, new String(payload, StandardCharsets.UTF_8));
    }
}
