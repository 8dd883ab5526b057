package org.symple.server.protocol;

/**
 * Sets the top-level {@code from} member of a frame's JSON text without building an object model: the text is kept
 * as the client sent it and only the value of {@code from} is replaced (or the member inserted first). Works on
 * text that a JSON parser has already accepted as an object; gives up (null) where a textual edit could disagree
 * with what a parser reads: a key written with escapes, or more than one {@code from}.
 */
public final class FromRewrite {

    private FromRewrite() {
    }

    /**
     * The text with {@code from} set to {@code quotedFrom} (a JSON string literal, quotes included), or null when
     * the object path must be taken instead.
     */
    public static String apply(String text, String quotedFrom) {
        int length = text.length();
        int i = skipSpace(text, 0);
        if (i >= length || text.charAt(i) != '{') {
            return null;
        }
        int open = i;
        int valueStart = -1;
        int valueEnd = -1;
        i = skipSpace(text, i + 1);
        if (i < length && text.charAt(i) == '}') {
            return text.substring(0, open + 1) + "\"from\":" + quotedFrom + text.substring(i);
        }
        while (i < length) {
            if (text.charAt(i) != '"') {
                return null;
            }
            int keyStart = i + 1;
            int keyEnd = keyStart;
            while (keyEnd < length && text.charAt(keyEnd) != '"') {
                if (text.charAt(keyEnd) == '\\') {
                    return null; // an escaped key could spell "from"
                }
                keyEnd++;
            }
            i = skipSpace(text, keyEnd + 1);
            if (i >= length || text.charAt(i) != ':') {
                return null;
            }
            int start = skipSpace(text, i + 1);
            int end = skipValue(text, start);
            if (end < 0) {
                return null;
            }
            if (keyEnd - keyStart == 4 && text.startsWith("from", keyStart)) {
                if (valueStart >= 0) {
                    return null; // a second from: leave duplicates to the parser's reading
                }
                valueStart = start;
                valueEnd = end;
            }
            i = skipSpace(text, end);
            if (i >= length) {
                return null;
            }
            char c = text.charAt(i);
            if (c == '}') {
                break;
            }
            if (c != ',') {
                return null;
            }
            i = skipSpace(text, i + 1);
        }
        if (valueStart < 0) {
            return text.substring(0, open + 1) + "\"from\":" + quotedFrom + "," + text.substring(open + 1);
        }
        return text.substring(0, valueStart) + quotedFrom + text.substring(valueEnd);
    }

    private static int skipSpace(String text, int i) {
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                break;
            }
            i++;
        }
        return i;
    }

    /** The index just after the value starting at {@code i}, or -1 when the text ends first. */
    private static int skipValue(String text, int i) {
        int length = text.length();
        int depth = 0;
        while (i < length) {
            char c = text.charAt(i);
            if (c == '"') {
                i = skipString(text, i);
                if (i < 0) {
                    return -1;
                }
                if (depth == 0) {
                    return i;
                }
                continue;
            }
            if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (depth == 0) {
                    return i; // the end of the enclosing object: a scalar just ended
                }
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            } else if (depth == 0 && (c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r')) {
                return i;
            }
            i++;
        }
        return -1;
    }

    /** The index just after the string literal starting at {@code i}, or -1 when it is not closed. */
    private static int skipString(String text, int i) {
        int length = text.length();
        for (i++; i < length; i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i + 1;
            }
        }
        return -1;
    }
}
