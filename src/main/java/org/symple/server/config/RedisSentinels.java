package org.symple.server.config;

import java.util.List;
import java.util.Optional;

/**
 * Where to find Redis through Sentinel: the sentinels' {@code host:port} addresses, the name of the monitored
 * master, and the password of the sentinels themselves (the master's credentials come from the Redis URL).
 */
public record RedisSentinels(List<String> addresses, String master, Optional<String> password) {

    public RedisSentinels {
        addresses = List.copyOf(addresses);
    }

    /** For log lines: addresses and master name, never the password. */
    public String describe() {
        return "sentinel:" + master + "@" + String.join(",", addresses);
    }
}
