package org.symple.server.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Reads settings by name for the setting groups, keeping one warning for every value it had to reject (the value then
 * falls back to its default). Seconds settings are returned in milliseconds.
 */
final class SettingsReader {

    private final Settings settings;
    private final List<String> warnings = new ArrayList<>();
    private final Set<String> names = new LinkedHashSet<>();

    SettingsReader(Settings settings) {
        this.settings = settings;
    }

    Optional<String> raw(String name) {
        names.add(name);
        return settings.raw(name);
    }

    boolean isSet(String name) {
        names.add(name);
        return settings.isSet(name);
    }

    boolean bool(String name, boolean fallback) {
        names.add(name);
        return keep(settings.bool(name, fallback));
    }

    int integer(String name, int fallback, int min, int max) {
        names.add(name);
        return keep(settings.integer(name, fallback, min, max));
    }

    long number(String name, long fallback, long min, long max) {
        names.add(name);
        return keep(settings.number(name, fallback, min, max));
    }

    double decimal(String name, double fallback, double min, double max) {
        names.add(name);
        return keep(settings.decimal(name, fallback, min, max));
    }

    /** A duration given in (possibly fractional) seconds, as milliseconds. */
    long millis(String name, double fallbackSeconds, double minSeconds, double maxSeconds) {
        return Math.round(decimal(name, fallbackSeconds, minSeconds, maxSeconds) * 1000);
    }

    /** The comma-separated entries of a setting, trimmed, without empty ones. */
    List<String> list(String name, String fallback) {
        return split(raw(name).orElse(fallback));
    }

    static List<String> split(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(part -> !part.isEmpty()).toList();
    }

    void warn(String warning) {
        warnings.add(warning);
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** Every setting name asked for so far, in order. */
    Set<String> names() {
        return Set.copyOf(names);
    }

    private <T> T keep(Settings.Parsed<T> parsed) {
        if (parsed.warning() != null) {
            warnings.add(parsed.warning());
        }
        return parsed.value();
    }
}
