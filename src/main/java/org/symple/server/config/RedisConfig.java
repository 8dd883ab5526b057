package org.symple.server.config;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where Redis is, if anywhere: a URL ({@code SYMPLE_REDIS_URL}, {@code REDIS_URL}, or built from protocol, host and
 * port) or a set of Sentinels. Redis is used only when a Redis variable is set or token authentication is on.
 */
public record RedisConfig(Optional<URI> url, Optional<RedisSentinels> sentinels) {

    static RedisConfig read(SettingsReader s, boolean tokens) {
        return new RedisConfig(url(s, tokens), sentinels(s));
    }

    /** Whether Redis is used at all. */
    public boolean enabled() {
        return url.isPresent() || sentinels.isPresent();
    }

    private static Optional<URI> url(SettingsReader s, boolean tokens) {
        Optional<String> url = s.raw("SYMPLE_REDIS_URL").or(() -> s.raw("REDIS_URL"));
        boolean anySet = url.isPresent()
                || Stream.of("SYMPLE_REDIS_HOST", "REDIS_HOST", "SYMPLE_REDIS_PORT", "REDIS_PORT").anyMatch(s::isSet);
        if (!anySet && !tokens) {
            return Optional.empty();
        }
        String text = url.orElseGet(() -> s.raw("SYMPLE_REDIS_PROTOCOL").orElse("redis") + "://"
                + s.raw("SYMPLE_REDIS_HOST").or(() -> s.raw("REDIS_HOST")).orElse("localhost") + ":"
                + s.raw("SYMPLE_REDIS_PORT").or(() -> s.raw("REDIS_PORT")).orElse("6379"));
        return Optional.of(URI.create(text));
    }

    /**
     * Sentinel mode needs both the sentinel list and the master name; with only one of them set it is off (and says
     * so), so a half-done configuration never silently talks to a default Redis it was not meant for.
     */
    private static Optional<RedisSentinels> sentinels(SettingsReader s) {
        List<String> addresses = s.list("SYMPLE_REDIS_SENTINELS", "");
        Optional<String> master = s.raw("SYMPLE_REDIS_SENTINEL_MASTER").map(String::trim).filter(name -> !name.isEmpty());
        if (addresses.isEmpty() && master.isEmpty()) {
            return Optional.empty();
        }
        if (addresses.isEmpty() || master.isEmpty()) {
            s.warn("SYMPLE_REDIS_SENTINELS and SYMPLE_REDIS_SENTINEL_MASTER must both be set; Sentinel is off");
            return Optional.empty();
        }
        for (String address : addresses) {
            int colon = address.lastIndexOf(':');
            if (colon <= 0 || !address.substring(colon + 1).matches("\\d{1,5}")) {
                s.warn("SYMPLE_REDIS_SENTINELS entry \"" + address + "\" is not host:port; Sentinel is off");
                return Optional.empty();
            }
        }
        return Optional.of(new RedisSentinels(addresses, master.get(), s.raw("SYMPLE_REDIS_SENTINEL_PASSWORD")));
    }

    /** Without secrets: the URL loses its user info. */
    String describe() {
        return "redis=" + sentinels.map(RedisSentinels::describe).or(() -> url.map(RedisConfig::withoutSecrets)).orElse("off");
    }

    private static String withoutSecrets(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 6379 : uri.getPort());
    }
}
