package org.symple.server.config;

/**
 * Authentication: token mode ({@code SYMPLE_AUTHENTICATION}), the token sessions' lifetime in minutes
 * ({@code SYMPLE_SESSION_TTL}) and how often a connected session's expiry is pushed back, and the deadline a new
 * socket has to authenticate ({@code SYMPLE_AUTH_TIMEOUT}).
 */
public record AuthConfig(boolean tokens, long sessionTtlMinutes, long sessionRefreshMillis, long timeoutMillis) {

    static AuthConfig read(SettingsReader s) {
        boolean tokens = s.bool("SYMPLE_AUTHENTICATION", false);
        long ttl = s.number("SYMPLE_SESSION_TTL", -1, Long.MIN_VALUE, Long.MAX_VALUE / 60_000);
        double refresh = s.decimal("SYMPLE_SESSION_REFRESH_SECONDS", 0, 0, 1e9);
        return new AuthConfig(tokens, ttl, sessionRefreshMillis(ttl, refresh, s),
                s.millis("SYMPLE_AUTH_TIMEOUT", 10, 0.1, 86_400));
    }

    /**
     * How often a connected session's expiry is pushed back: 0.8 x TTL, or SYMPLE_SESSION_REFRESH_SECONDS when that is
     * set and shorter (an override meant for tests and short TTLs); 0 when the TTL is not managed.
     */
    private static long sessionRefreshMillis(long ttlMinutes, double overrideSeconds, SettingsReader s) {
        if (ttlMinutes <= 0) {
            return 0;
        }
        long automatic = ttlMinutes * 48_000L;
        if (overrideSeconds <= 0) {
            return automatic;
        }
        long wanted = Math.max(100, Math.round(overrideSeconds * 1000));
        if (wanted > automatic) {
            s.warn("SYMPLE_SESSION_REFRESH_SECONDS=" + overrideSeconds + " is longer than 0.8 x SYMPLE_SESSION_TTL; using "
                    + automatic / 1000.0 + " s so sessions cannot expire while connected");
            return automatic;
        }
        return wanted;
    }

    String describe() {
        return "authentication=" + tokens + " sessionTtlMinutes=" + sessionTtlMinutes + " sessionRefreshMs="
                + sessionRefreshMillis + " authTimeoutMs=" + timeoutMillis;
    }
}
