package org.symple.server.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {

    @Test
    void countsLikeTheEncoder() {
        for (String text : new String[] {"", "ascii", "é", "€", "😀", "a😀é€z", "\u0000\u007f\u0080\u07ff\u0800\uffff"}) {
            assertEquals(text.getBytes(StandardCharsets.UTF_8).length, Utf8.length(text), text);
        }
    }

    @Test
    void anUnpairedSurrogateCountsAsTheReplacementCharacter() {
        assertEquals(3, Utf8.length("\ud800"));
        assertEquals(4, Utf8.length("\udc00a"));
    }

    @Test
    void decodesValidUtf8AndRefusesTheRest() {
        assertEquals("a€😀", Utf8.decode(java.nio.ByteBuffer.wrap("a€😀".getBytes(StandardCharsets.UTF_8))));
        org.junit.jupiter.api.Assertions.assertNull(Utf8.decode(java.nio.ByteBuffer.wrap(new byte[] {(byte) 0xc3, 0x28})));
    }
}
