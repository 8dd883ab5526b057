package org.symple.server.protocol;

/** A Symple address: {@code user|id} (full) or {@code user} (user only); the id is everything after the first bar. */
public record Address(String user, String id) {

    public static final char SEPARATOR = '|';

    public static Address parse(String text) {
        int bar = text.indexOf(SEPARATOR);
        return bar < 0 ? new Address(text, null) : new Address(text.substring(0, bar), text.substring(bar + 1));
    }

    public static String of(String user, String id) {
        return user + SEPARATOR + id;
    }

    /** Whether the text holds the separator anywhere (user names and peer ids never do). */
    public static boolean hasSeparator(String text) {
        return text.indexOf(SEPARATOR) >= 0;
    }

    public boolean hasBar() {
        return id != null;
    }
}
