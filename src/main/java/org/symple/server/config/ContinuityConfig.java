package org.symple.server.config;

/**
 * Transitions: how long departures are remembered so that reconnecting clients are told of peers that left while
 * they were away ({@code SYMPLE_RECONNECT_WINDOW}, seconds) and how many ({@code SYMPLE_RECONNECT_MEMORY}); over how
 * many seconds a stopping instance spreads the closes of its connections ({@code SYMPLE_DRAIN_SECONDS}).
 */
public record ContinuityConfig(long reconnectWindowMillis, int reconnectMemory, long drainSpreadMillis) {

    static ContinuityConfig read(SettingsReader s) {
        return new ContinuityConfig(s.millis("SYMPLE_RECONNECT_WINDOW", 120, 0, 86_400),
                s.integer("SYMPLE_RECONNECT_MEMORY", 10_000, 0, 10_000_000),
                s.millis("SYMPLE_DRAIN_SECONDS", 5, 0, 3600));
    }

    String describe() {
        return "reconnectWindowMs=" + reconnectWindowMillis + " reconnectMemory=" + reconnectMemory
                + " drainSpreadMs=" + drainSpreadMillis;
    }
}
