package org.symple.server.config;

import java.nio.charset.StandardCharsets;

/**
 * A setting that must never be shown (a shared secret): its text prints as {@code (hidden)}, so a log line, an
 * error or a {@code toString()} of the settings cannot carry it; only {@link #utf8()} gives the value out.
 */
public final class Secret {

    private final String value;

    Secret(String value) {
        this.value = value;
    }

    /** The secret's UTF-8 bytes, a fresh copy each time, for the one computation that needs them. */
    public byte[] utf8() {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "(hidden)";
    }
}
