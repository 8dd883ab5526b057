package org.symple.server.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** UTF-8 sizes of text without encoding it, and strict decoding. */
public final class Utf8 {

    private Utf8() {
    }

    /** The bytes as text, or null when they are not valid UTF-8. */
    public static String decode(ByteBuffer bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString();
        } catch (CharacterCodingException notText) {
            return null;
        }
    }

    /** The number of bytes {@code text} takes in UTF-8; an unpaired surrogate counts as the 3 bytes of U+FFFD. */
    public static long length(CharSequence text) {
        int n = text.length();
        long bytes = n;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                bytes += 1;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 2; // two chars, four bytes
                i++;
            } else {
                bytes += 2;
            }
        }
        return bytes;
    }
}
