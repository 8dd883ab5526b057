package org.symple.server.load;

import java.nio.charset.StandardCharsets;

/** Byte-level looks into received frames, so the generator never builds strings or JSON for a routed frame. */
final class Frames {

    private Frames() {
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Index of {@code pattern} in {@code bytes[offset, offset + length)}, or -1. */
    static int indexOf(byte[] bytes, int offset, int length, byte[] pattern) {
        int end = offset + length - pattern.length;
        outer:
        for (int i = offset; i <= end; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (bytes[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static boolean contains(byte[] bytes, int offset, int length, byte[] pattern) {
        return indexOf(bytes, offset, length, pattern) >= 0;
    }

    /** The non-negative integer right after {@code pattern}, or -1 when the pattern is absent. */
    static int intAfter(byte[] bytes, int offset, int length, byte[] pattern) {
        int at = indexOf(bytes, offset, length, pattern);
        if (at < 0) {
            return -1;
        }
        int value = 0;
        for (int i = at + pattern.length; i < offset + length && bytes[i] >= '0' && bytes[i] <= '9'; i++) {
            value = value * 10 + (bytes[i] - '0');
        }
        return value;
    }

    /** The string value right after {@code pattern} (which ends with the opening quote), or null. */
    static String stringAfter(byte[] bytes, int offset, int length, byte[] pattern) {
        int at = indexOf(bytes, offset, length, pattern);
        if (at < 0) {
            return null;
        }
        int start = at + pattern.length;
        int end = start;
        while (end < offset + length && bytes[end] != '"') {
            end++;
        }
        return new String(bytes, start, end - start, StandardCharsets.UTF_8);
    }
}
