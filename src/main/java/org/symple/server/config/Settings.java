package org.symple.server.config;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/** Raw setting values by name, layered: WAR defaults, then environment, then Java system properties. */
public final class Settings {

    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = values;
    }

    /** Later layers win over earlier ones; blank values count as unset. */
    @SafeVarargs
    public static Settings layered(Map<String, String>... layers) {
        Map<String, String> merged = new HashMap<>();
        for (Map<String, String> layer : layers) {
            layer.forEach((key, value) -> {
                if (key != null && value != null && !value.isBlank()) {
                    merged.put(key, value);
                }
            });
        }
        return new Settings(merged);
    }

    public static Settings of(Map<String, String> values) {
        return layered(values);
    }

    public static Map<String, String> fromProperties(Properties properties) {
        Map<String, String> map = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
        return map;
    }

    public Optional<String> raw(String name) {
        return Optional.ofNullable(values.get(name)).map(String::trim);
    }

    public boolean isSet(String name) {
        return values.containsKey(name);
    }

    /** Node-compatible boolean: 1/true/yes/on and 0/false/no/off, case-insensitive; anything else is the default. */
    public Parsed<Boolean> bool(String name, boolean fallback) {
        return parse(name, fallback, text -> switch (text.toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            case "0", "false", "no", "off" -> false;
            default -> null;
        });
    }

    public Parsed<Long> number(String name, long fallback, long min, long max) {
        return parse(name, fallback, text -> {
            try {
                double value = Double.parseDouble(text);
                if (!Double.isFinite(value) || value != Math.rint(value) || value < min || value > max) {
                    return null;
                }
                return (long) value;
            } catch (NumberFormatException e) {
                return null;
            }
        });
    }

    public Parsed<Integer> integer(String name, int fallback, int min, int max) {
        Parsed<Long> parsed = number(name, fallback, min, max);
        return new Parsed<>(parsed.value().intValue(), parsed.warning());
    }

    public Parsed<Double> decimal(String name, double fallback, double min, double max) {
        return parse(name, fallback, text -> {
            try {
                double value = Double.parseDouble(text);
                return Double.isFinite(value) && value >= min && value <= max ? value : null;
            } catch (NumberFormatException e) {
                return null;
            }
        });
    }

    private <T> Parsed<T> parse(String name, T fallback, Function<String, T> parser) {
        Optional<String> text = raw(name);
        if (text.isEmpty()) {
            return new Parsed<>(fallback, null);
        }
        T value = parser.apply(text.get());
        if (value == null) {
            return new Parsed<>(fallback, name + "=\"" + text.get() + "\" is not valid; using " + fallback);
        }
        return new Parsed<>(value, null);
    }

    /** A parsed value and, when the raw text was rejected, the warning to log. */
    public record Parsed<T>(T value, String warning) {
    }
}
