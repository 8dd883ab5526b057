package org.symple.server.config;

/**
 * Clustering over Redis ({@code SYMPLE_CLUSTER}) and {@code SYMPLE_NODE_TIMEOUT}: how long after its last lease
 * renewal a silent instance's peers are reported offline.
 */
public record ClusterConfig(boolean enabled, long nodeTimeoutMillis) {

    static ClusterConfig read(SettingsReader s) {
        return new ClusterConfig(s.bool("SYMPLE_CLUSTER", true), s.millis("SYMPLE_NODE_TIMEOUT", 5, 1, 3600));
    }

    String describe(boolean redis) {
        return "cluster=" + (redis && enabled) + " nodeTimeoutMs=" + nodeTimeoutMillis;
    }
}
