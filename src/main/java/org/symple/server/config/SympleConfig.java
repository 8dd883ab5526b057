package org.symple.server.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Every SYMPLE_* setting, parsed and validated once; bad values fall back to the default with a warning. */
public record SympleConfig(
        int port,
        String host,
        long sessionTtlMinutes,
        long sessionRefreshMillis,
        boolean authentication,
        boolean dynamicRooms,
        Optional<URI> redisUrl,
        Optional<RedisSentinels> redisSentinels,
        boolean cluster,
        long nodeTimeoutMillis,
        int maxConnections,
        int maxMessageSize,
        double rateLimit,
        double rateSeconds,
        long authTimeoutMillis,
        boolean enforceOrigin,
        List<String> allowedOrigins,
        List<String> trustedProxies,
        long pingIntervalMillis,
        long maxQueueBytes,
        long sendTimeoutMillis,
        int maxRoomsPerPeer,
        int maxRoomNameLength,
        String sendPath,
        boolean sslRequested,
        boolean adminShowsNames,
        List<String> warnings) {

    public static final int DEFAULT_PORT = 4500;

    public SympleConfig {
        allowedOrigins = List.copyOf(allowedOrigins);
        trustedProxies = List.copyOf(trustedProxies);
        warnings = List.copyOf(warnings);
    }

    public static SympleConfig from(Settings s) {
        List<String> warnings = new ArrayList<>();
        int port = pick(warnings, s.integer("PORT", pick(warnings, s.integer("SYMPLE_PORT", DEFAULT_PORT, 1, 65535)), 1, 65535));
        boolean authentication = pick(warnings, s.bool("SYMPLE_AUTHENTICATION", false));
        boolean sslRequested = pick(warnings, s.bool("SYMPLE_SSL_ENABLED", false));
        if (sslRequested) {
            warnings.add("SYMPLE_SSL_ENABLED is set: TLS is terminated by the application server's HTTPS endpoint "
                    + (s.isSet("SYMPLE_SSL_KEY") && s.isSet("SYMPLE_SSL_CERT")
                        ? "(SYMPLE_SSL_KEY/SYMPLE_SSL_CERT are used by the bundled Liberty configuration only)"
                        : "and SYMPLE_SSL_KEY or SYMPLE_SSL_CERT is missing") + "; serving plain ws:// here");
        }
        long sessionTtl = pick(warnings, s.number("SYMPLE_SESSION_TTL", -1, Long.MIN_VALUE, Long.MAX_VALUE / 60_000));
        return new SympleConfig(
                port,
                s.raw("SYMPLE_HOST").orElse("0.0.0.0"),
                sessionTtl,
                sessionRefreshMillis(sessionTtl, pick(warnings, s.decimal("SYMPLE_SESSION_REFRESH_SECONDS", 0, 0, 1e9)), warnings),
                authentication,
                pick(warnings, s.bool("SYMPLE_DYNAMIC_ROOMS", true)),
                redisUrl(s, authentication),
                sentinels(s, warnings),
                pick(warnings, s.bool("SYMPLE_CLUSTER", true)),
                seconds(pick(warnings, s.decimal("SYMPLE_NODE_TIMEOUT", 15, 1, 3600))),
                pick(warnings, s.integer("SYMPLE_MAX_CONNECTIONS", 1024, 0, Integer.MAX_VALUE)),
                pick(warnings, s.integer("SYMPLE_MAX_MESSAGE_SIZE", 65536, 0, 64 * 1024 * 1024)),
                pick(warnings, s.decimal("SYMPLE_RATE_LIMIT", 100, 1, 1e9)),
                pick(warnings, s.decimal("SYMPLE_RATE_SECONDS", 10, 0.001, 1e9)),
                seconds(pick(warnings, s.decimal("SYMPLE_AUTH_TIMEOUT", 10, 0.1, 86_400))),
                pick(warnings, s.bool("SYMPLE_ENFORCE_ORIGIN", false)),
                origins(s),
                list(s.raw("SYMPLE_TRUSTED_PROXIES").orElse("127.0.0.0/8,::1")),
                seconds(pick(warnings, s.decimal("SYMPLE_PING_INTERVAL", 30, 0, 86_400))),
                pick(warnings, s.number("SYMPLE_MAX_QUEUE_BYTES", 1024 * 1024, 1024, Integer.MAX_VALUE)),
                seconds(pick(warnings, s.decimal("SYMPLE_SEND_TIMEOUT", 30, 0, 86_400))),
                pick(warnings, s.integer("SYMPLE_MAX_ROOMS", 100, 1, 100_000)),
                pick(warnings, s.integer("SYMPLE_MAX_ROOM_NAME", 256, 1, 65_536)),
                sendPath(s, warnings),
                sslRequested,
                pick(warnings, s.bool("SYMPLE_ADMIN_NAMES", false)),
                warnings);
    }

    /** auto (a container-specific send detour where one measured cheaper) or plain (never). */
    private static String sendPath(Settings s, List<String> warnings) {
        String value = s.raw("SYMPLE_SEND_PATH").orElse("auto").toLowerCase(java.util.Locale.ROOT);
        if (value.equals("auto") || value.equals("plain")) {
            return value;
        }
        warnings.add("SYMPLE_SEND_PATH=" + value + " is neither auto nor plain; using auto");
        return "auto";
    }

    /** Redis is used when any Redis variable is set or token authentication is on. */
    private static Optional<URI> redisUrl(Settings s, boolean authentication) {
        Optional<String> url = s.raw("SYMPLE_REDIS_URL").or(() -> s.raw("REDIS_URL"));
        boolean anySet = url.isPresent() || Arrays.stream(new String[] {
                "SYMPLE_REDIS_HOST", "REDIS_HOST", "SYMPLE_REDIS_PORT", "REDIS_PORT"}).anyMatch(s::isSet);
        if (!anySet && !authentication) {
            return Optional.empty();
        }
        String text = url.orElseGet(() -> s.raw("SYMPLE_REDIS_PROTOCOL").orElse("redis") + "://"
                + s.raw("SYMPLE_REDIS_HOST").or(() -> s.raw("REDIS_HOST")).orElse("localhost") + ":"
                + s.raw("SYMPLE_REDIS_PORT").or(() -> s.raw("REDIS_PORT")).orElse("6379"));
        return Optional.of(URI.create(text));
    }

    /**
     * Sentinel mode needs both the sentinel list and the master name; with only one of them set it is off (and
     * says so), so a half-done configuration never silently talks to a default Redis it was not meant for.
     */
    private static Optional<RedisSentinels> sentinels(Settings s, List<String> warnings) {
        List<String> addresses = list(s.raw("SYMPLE_REDIS_SENTINELS").orElse(""));
        Optional<String> master = s.raw("SYMPLE_REDIS_SENTINEL_MASTER").map(String::trim).filter(name -> !name.isEmpty());
        if (addresses.isEmpty() && master.isEmpty()) {
            return Optional.empty();
        }
        if (addresses.isEmpty() || master.isEmpty()) {
            warnings.add("SYMPLE_REDIS_SENTINELS and SYMPLE_REDIS_SENTINEL_MASTER must both be set; Sentinel is off");
            return Optional.empty();
        }
        for (String address : addresses) {
            int colon = address.lastIndexOf(':');
            if (colon <= 0 || !address.substring(colon + 1).matches("\\d{1,5}")) {
                warnings.add("SYMPLE_REDIS_SENTINELS entry \"" + address + "\" is not host:port; Sentinel is off");
                return Optional.empty();
            }
        }
        return Optional.of(new RedisSentinels(addresses, master.get(), s.raw("SYMPLE_REDIS_SENTINEL_PASSWORD")));
    }

    /** Whether Redis is used at all: a Redis URL/host/port, token authentication, or Sentinel. */
    public boolean redisEnabled() {
        return redisUrl.isPresent() || redisSentinels.isPresent();
    }

    /**
     * How often a connected session's expiry is pushed back: 0.8 x TTL, or SYMPLE_SESSION_REFRESH_SECONDS
     * when that is set and shorter (an override meant for tests and short TTLs); 0 when the TTL is not managed.
     */
    private static long sessionRefreshMillis(long ttlMinutes, double overrideSeconds, List<String> warnings) {
        if (ttlMinutes <= 0) {
            return 0;
        }
        long automatic = ttlMinutes * 48_000L;
        if (overrideSeconds <= 0) {
            return automatic;
        }
        long wanted = Math.max(100, Math.round(overrideSeconds * 1000));
        if (wanted > automatic) {
            warnings.add("SYMPLE_SESSION_REFRESH_SECONDS=" + overrideSeconds + " is longer than 0.8 x SYMPLE_SESSION_TTL; using "
                    + automatic / 1000.0 + " s so sessions cannot expire while connected");
            return automatic;
        }
        return wanted;
    }

    /** SYMPLE_CORS_ORIGINS doubles as the allowed-origin list; unset, "*" or "true" means any origin. */
    private static List<String> origins(Settings s) {
        String text = s.raw("SYMPLE_CORS_ORIGINS").orElse("*");
        return switch (text.toLowerCase()) {
            case "*", "true" -> List.of();
            default -> list(text);
        };
    }

    private static List<String> list(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(part -> !part.isEmpty()).toList();
    }

    private static long seconds(double value) {
        return Math.round(value * 1000);
    }

    private static <T> T pick(List<String> warnings, Settings.Parsed<T> parsed) {
        if (parsed.warning() != null) {
            warnings.add(parsed.warning());
        }
        return parsed.value();
    }

    /** Settings as one log line, without secrets (the Redis URL loses its user info). */
    public String describe() {
        return "port=" + port + " authentication=" + authentication + " dynamicRooms=" + dynamicRooms
                + " redis=" + redisSentinels.map(RedisSentinels::describe)
                        .or(() -> redisUrl.map(SympleConfig::withoutSecrets)).orElse("off")
                + " cluster=" + (redisEnabled() && cluster) + " nodeTimeoutMs=" + nodeTimeoutMillis
                + " sessionTtlMinutes=" + sessionTtlMinutes + " sessionRefreshMs=" + sessionRefreshMillis
                + " maxConnections=" + maxConnections
                + " maxMessageSize=" + maxMessageSize + " rate=" + rateLimit + "/" + rateSeconds + "s"
                + " authTimeoutMs=" + authTimeoutMillis + " pingIntervalMs=" + pingIntervalMillis
                + " maxQueueBytes=" + maxQueueBytes + " sendTimeoutMs=" + sendTimeoutMillis
                + " maxRooms=" + maxRoomsPerPeer
                + " maxRoomName=" + maxRoomNameLength + " enforceOrigin=" + enforceOrigin
                + " trustedProxies=" + trustedProxies + " adminNames=" + adminShowsNames;
    }

    private static String withoutSecrets(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 6379 : uri.getPort());
    }
}
