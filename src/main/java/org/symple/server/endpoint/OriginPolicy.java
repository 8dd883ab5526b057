package org.symple.server.endpoint;

import java.util.List;
import java.util.Locale;

/**
 * Which upgrade requests may connect: with enforcement on, a non-empty {@code Origin} must be the
 * page's own origin (same Host) or one of the allowed origins; a missing origin is always allowed.
 */
public final class OriginPolicy {

    private final boolean enforce;
    private final List<String> allowedOrigins;

    public OriginPolicy(boolean enforce, List<String> allowedOrigins) {
        this.enforce = enforce;
        this.allowedOrigins = allowedOrigins.stream().map(OriginPolicy::normalise).toList();
    }

    public boolean allows(String origin, String hostHeader) {
        if (!enforce || origin == null || origin.isBlank()) {
            return true;
        }
        String normalised = normalise(origin);
        if (hostHeader != null && !hostHeader.isBlank()) {
            String host = hostHeader.trim().toLowerCase(Locale.ROOT);
            if (normalised.equals("http://" + host) || normalised.equals("https://" + host)) {
                return true;
            }
        }
        return allowedOrigins.contains(normalised);
    }

    private static String normalise(String origin) {
        String value = origin.trim().toLowerCase(Locale.ROOT);
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }
}
