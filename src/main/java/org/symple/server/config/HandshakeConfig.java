package org.symple.server.config;

import java.util.List;

/**
 * The WebSocket upgrade: origin enforcement with its allowed origins ({@code SYMPLE_CORS_ORIGINS}; empty = any), and
 * the proxies whose {@code X-Real-IP}/{@code X-Forwarded-For} headers are believed for a peer's host.
 */
public record HandshakeConfig(boolean enforceOrigin, List<String> allowedOrigins, List<String> trustedProxies) {

    public HandshakeConfig {
        allowedOrigins = List.copyOf(allowedOrigins);
        trustedProxies = List.copyOf(trustedProxies);
    }

    static HandshakeConfig read(SettingsReader s) {
        String origins = s.raw("SYMPLE_CORS_ORIGINS").orElse("*");
        List<String> allowed = switch (origins.toLowerCase(java.util.Locale.ROOT)) {
            case "*", "true" -> List.of();
            default -> SettingsReader.split(origins);
        };
        return new HandshakeConfig(s.bool("SYMPLE_ENFORCE_ORIGIN", false), allowed,
                s.list("SYMPLE_TRUSTED_PROXIES", "127.0.0.0/8,::1"));
    }

    String describe() {
        return "enforceOrigin=" + enforceOrigin + " trustedProxies=" + trustedProxies;
    }
}
