package org.symple.server.it.support;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Generates hostile Symple input from a seeded {@link Random}, so that a failing run can be replayed: broken and
 * non-object JSON, invalid UTF-8, deep nesting, huge numbers and strings, every field with every wrong JSON type,
 * duplicate keys, raw and escaped control characters, and floods of {@code join}/{@code leave}.
 */
public final class HostileFrames {

    /** One frame: text, or binary when {@code binary} is not null. */
    public record Frame(String text, byte[] binary) {
        static Frame text(String text) {
            return new Frame(text, null);
        }

        static Frame binary(byte[] bytes) {
            return new Frame(null, bytes);
        }
    }

    /** Frame types; {@code close} is left to {@link #closing()}, which ends a connection on purpose. */
    private static final List<String> TYPES = List.of("auth", "message", "presence", "command", "event", "join", "leave",
            "welcome", "error", "", "MESSAGE", "Close", "unknown");
    private static final List<String> FIELDS = List.of("type", "to", "from", "data", "subtype", "id", "room", "user",
            "name", "token", "rooms", "probe", "status", "notes");
    private static final List<String> WRONG_VALUES = List.of("null", "true", "false", "0", "-1", "1.5e308", "-0.0",
            "1e400", "\"\"", "\"|\"", "\"a|\"", "\"|b\"", "\"x\"", "[]", "[1,\"a\",null,{}]", "{}", "{\"x\":{\"y\":[]}}",
            "\"\\u0000\"", "\"\\ud800\"", "123456789012345678901234567890");

    private final Random random;
    private final int maxMessageSize;
    private final String roomPrefix;

    public HostileFrames(Random random, int maxMessageSize, String roomPrefix) {
        this.random = random;
        this.maxMessageSize = maxMessageSize;
        this.roomPrefix = roomPrefix;
    }

    /** Input that must be ignored before authentication without closing the socket. */
    public Frame ignoredBeforeAuth() {
        return switch (random.nextInt(8)) {
            case 0 -> Frame.text(brokenJson());
            case 1 -> Frame.binary(invalidUtf8());
            case 2 -> Frame.text(nonObject());
            case 3 -> Frame.text(deepNesting());
            case 4 -> Frame.text(rawControlCharacters());
            case 5 -> Frame.text(hugeNumber(false));
            case 6 -> Frame.binary(brokenJson().getBytes(StandardCharsets.UTF_8));
            default -> Frame.text("[" + "{\"type\":\"auth\",\"user\":\"x\"}" + "]");
        };
    }

    /** An auth frame that must be refused (then the socket closes), or a non-auth object. */
    public Frame refusedAuth() {
        return Frame.text(switch (random.nextInt(7)) {
            case 0 -> "{\"type\":\"auth\",\"user\":" + pick(List.of("null", "0", "true", "[]", "{}", "\"\"", "\"a|b\"")) + "}";
            case 1 -> "{\"type\":\"auth\"}";
            case 2 -> "{\"type\":" + wrongValue() + ",\"user\":\"u\"}";
            case 3 -> "{\"user\":\"u\"}";
            case 4 -> "{\"type\":\"message\",\"to\":\"x|y\",\"data\":{}}";
            case 5 -> "{\"type\":\"auth\",\"user\":\"a\",\"user\":\"\"}"; // duplicate key, the last one wins
            default -> "{\"type\":\"auth\",\"user\":\"" + "u".repeat(10) + "|\"}";
        });
    }

    /** A valid auth for {@code user} with hostile optional fields. */
    public Frame acceptedAuth(String user) {
        StringBuilder auth = new StringBuilder("{\"type\":\"auth\",\"user\":\"").append(user).append('"');
        if (random.nextBoolean()) {
            auth.append(",\"name\":").append(random.nextBoolean() ? wrongValue() : quoted(randomString(random.nextInt(300))));
        }
        if (random.nextBoolean()) {
            auth.append(",\"token\":").append(wrongValue());
        }
        if (random.nextBoolean()) {
            auth.append(",\"rooms\":").append(random.nextBoolean() ? wrongValue() : roomArray(random.nextInt(150)));
        }
        if (random.nextBoolean()) {
            auth.append(",\"data\":").append(random.nextBoolean() ? wrongValue()
                    : "{\"peerType\":" + wrongValue() + ",\"id\":\"forged\",\"token\":\"t\",\"online\":false,\"x\":"
                    + wrongValue() + "}");
        }
        if (random.nextInt(10) == 0) {
            auth.append(",\"user\":\"").append(user).append('"'); // duplicate of the same value
        }
        return Frame.text(auth.append('}').toString());
    }

    /** Anything a hostile authenticated peer might send; {@code closing} frames end its connection. */
    public Frame afterAuth() {
        int pick = random.nextInt(100);
        if (pick < 10) {
            return ignoredBeforeAuth();
        }
        if (pick < 35) {
            return Frame.text(wrongTypes());
        }
        if (pick < 55) {
            return Frame.text(joinOrLeave());
        }
        if (pick < 62) {
            return Frame.text(duplicateKeys());
        }
        if (pick < 70) {
            return Frame.text(hugeString());
        }
        if (pick < 75) {
            return Frame.text(hugeNumber(true));
        }
        if (pick < 80) {
            return Frame.text("{\"type\":\"message\",\"to\":" + roomArray(3) + ",\"data\":" + deepNesting() + "}");
        }
        if (pick < 85) {
            return Frame.binary(("{\"type\":\"presence\",\"data\":{\"status\":" + wrongValue() + "},\"probe\":"
                    + wrongValue() + "}").getBytes(StandardCharsets.UTF_8));
        }
        if (pick < 90) {
            return Frame.text("{\"type\":\"message\",\"subtype\":\"call:offer\",\"to\":" + address() + ",\"data\":"
                    + wrongValue() + "}");
        }
        if (pick < 95) {
            return Frame.text("{\"type\":\"auth\",\"user\":\"mallory\",\"rooms\":" + roomArray(5) + "}");
        }
        return Frame.text("{\"type\":\"" + pick(TYPES) + "\",\"to\":" + address() + ",\"data\":\"\\u0001\\u001f\\u0000\"}");
    }

    /** A frame that closes the connection: over the size limit, or {@code close}. */
    public Frame closing() {
        if (random.nextBoolean()) {
            return Frame.text("{\"type\":\"close\"}");
        }
        int size = maxMessageSize + 1 + random.nextInt(1024);
        return random.nextBoolean() ? Frame.text("{\"type\":\"message\",\"data\":\"" + "z".repeat(size) + "\"}")
                : Frame.binary(new byte[size]);
    }

    private String wrongTypes() {
        StringBuilder frame = new StringBuilder("{");
        String type = pick(TYPES);
        frame.append("\"type\":\"").append(type).append('"');
        int fields = 1 + random.nextInt(4);
        for (int i = 0; i < fields; i++) {
            frame.append(",\"").append(pick(FIELDS)).append("\":").append(wrongValue());
        }
        return frame.append('}').toString();
    }

    private String joinOrLeave() {
        String type = random.nextInt(3) == 0 ? "leave" : "join";
        String room = switch (random.nextInt(6)) {
            case 0 -> randomString(300); // over the name limit
            case 1 -> "fz-" + random.nextInt(1000); // somebody's user room, maybe
            case 2 -> "";
            default -> roomPrefix + random.nextInt(400);
        };
        return "{\"type\":\"" + type + "\",\"room\":" + (random.nextInt(20) == 0 ? wrongValue() : quoted(room)) + "}";
    }

    private String duplicateKeys() {
        return switch (random.nextInt(3)) {
            case 0 -> "{\"type\":\"join\",\"room\":\"" + roomPrefix + "d\",\"type\":\"leave\",\"room\":\"" + roomPrefix + "e\"}";
            case 1 -> "{\"type\":\"message\",\"from\":\"forged|id\",\"to\":[\"a\"],\"to\":" + roomArray(2) + ",\"from\":1}";
            default -> "{\"type\":\"presence\",\"data\":{\"id\":\"x\",\"id\":\"y\",\"online\":false,\"online\":true}}";
        };
    }

    private String hugeString() {
        int length = random.nextInt(Math.max(1, maxMessageSize - 200));
        String body = random.nextBoolean() ? "s".repeat(length) : randomString(Math.min(length, 4000));
        String field = pick(List.of("data", "subtype", "to", "room", "name"));
        return "{\"type\":\"" + pick(List.of("message", "presence", "join", "event")) + "\",\"" + field + "\":" + quoted(body)
                + (field.equals("to") ? "" : ",\"to\":" + roomArray(2)) + "}";
    }

    private String hugeNumber(boolean inFrame) {
        String number = switch (random.nextInt(5)) {
            case 0 -> "9".repeat(1 + random.nextInt(5000));
            case 1 -> "1e" + (random.nextBoolean() ? "" : "-") + "999999999";
            case 2 -> "-0." + "0".repeat(2000) + "1";
            case 3 -> "1E+2147483647";
            default -> "123456789".repeat(100) + ".5e-99";
        };
        if (!inFrame) {
            return number;
        }
        return "{\"type\":\"" + pick(List.of("message", "presence", "join")) + "\",\"to\":" + roomArray(2)
                + ",\"data\":{\"n\":" + number + "},\"room\":" + number + ",\"status\":" + number + "}";
    }

    private String deepNesting() {
        int depth = pick(List.of(100, 999, 1001, 5000, 20000));
        boolean arrays = random.nextBoolean();
        StringBuilder text = new StringBuilder(depth * 6);
        for (int i = 0; i < depth; i++) {
            text.append(arrays ? "[" : "{\"a\":");
        }
        text.append("0");
        for (int i = 0; i < depth; i++) {
            text.append(arrays ? "]" : "}");
        }
        return text.length() < maxMessageSize - 200 ? text.toString() : "[[[[[[[[[[0]]]]]]]]]]";
    }

    private String brokenJson() {
        return switch (random.nextInt(9)) {
            case 0 -> "{";
            case 1 -> "{\"type\":\"auth\",\"user\":";
            case 2 -> "{'type':'auth','user':'x'}";
            case 3 -> "{\"type\":\"auth\",\"user\":\"x\",}";
            case 4 -> "{\"type\":NaN}";
            case 5 -> "\"unterminated";
            case 6 -> "{\"type\":\"auth\"}}";
            case 7 -> "";
            default -> randomAscii(1 + random.nextInt(200));
        };
    }

    private String nonObject() {
        return pick(List.of("null", "42", "\"s\"", "[]", "true", "[{\"type\":\"auth\"}]", "-0", "1e999"));
    }

    private String rawControlCharacters() {
        StringBuilder text = new StringBuilder("{\"type\":\"auth\",\"user\":\"");
        for (int i = 0; i < 1 + random.nextInt(10); i++) {
            text.append((char) random.nextInt(0x20));
        }
        return text.append("\"}").toString();
    }

    private byte[] invalidUtf8() {
        byte[] prefix = "{\"type\":\"auth\",\"user\":\"".getBytes(StandardCharsets.US_ASCII);
        byte[][] bad = {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xFF}, {(byte) 0x80}, {(byte) 0xE2, (byte) 0x82},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80}};
        byte[] chosen = bad[random.nextInt(bad.length)];
        byte[] suffix = "\"}".getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[prefix.length + chosen.length + suffix.length];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(chosen, 0, all, prefix.length, chosen.length);
        System.arraycopy(suffix, 0, all, prefix.length + chosen.length, suffix.length);
        return all;
    }

    private String address() {
        return switch (random.nextInt(6)) {
            case 0 -> quoted("fz-" + random.nextInt(1000));
            case 1 -> quoted("fz-" + random.nextInt(1000) + "|" + randomAscii(22));
            case 2 -> roomArray(1 + random.nextInt(4));
            case 3 -> quoted("|||");
            default -> wrongValue();
        };
    }

    private String roomArray(int size) {
        StringBuilder rooms = new StringBuilder("[");
        for (int i = 0; i < size; i++) {
            rooms.append(i == 0 ? "" : ",").append(random.nextInt(8) == 0 ? wrongValue() : quoted(roomPrefix + random.nextInt(400)));
        }
        return rooms.append(']').toString();
    }

    private String wrongValue() {
        return pick(WRONG_VALUES);
    }

    private String randomString(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            text.append(kind < 6 ? (char) ('a' + random.nextInt(26)) : kind < 8 ? (char) (0x80 + random.nextInt(0x700))
                    : kind < 9 ? (char) (0x4e00 + random.nextInt(0x5000)) : "😀");
        }
        return text.toString();
    }

    private String randomAscii(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) (0x21 + random.nextInt(0x5e)));
        }
        return text.toString();
    }

    private static String quoted(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }
}
