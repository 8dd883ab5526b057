package org.symple.server.config;

import java.util.List;

/**
 * Every setting, read and validated once, in named groups; a setting is added to its group (its record and its
 * {@code read}). Bad values fall back to the default and leave a warning.
 */
public record SympleConfig(ListenConfig listen, AuthConfig auth, RedisConfig redis, ClusterConfig cluster,
        ConnectionConfig connections, RoomConfig rooms, ContinuityConfig continuity, HandshakeConfig handshake,
        AdminConfig admin, IceConfig ice, ResumeConfig resume, List<String> warnings) {

    public SympleConfig {
        warnings = List.copyOf(warnings);
    }

    public static SympleConfig from(Settings settings) {
        return read(new SettingsReader(settings));
    }

    static SympleConfig read(SettingsReader s) {
        ListenConfig listen = ListenConfig.read(s);
        AuthConfig auth = AuthConfig.read(s);
        RedisConfig redis = RedisConfig.read(s, auth.tokens());
        ClusterConfig cluster = ClusterConfig.read(s);
        ConnectionConfig connections = ConnectionConfig.read(s);
        RoomConfig rooms = RoomConfig.read(s);
        ContinuityConfig continuity = ContinuityConfig.read(s);
        HandshakeConfig handshake = HandshakeConfig.read(s);
        AdminConfig admin = AdminConfig.read(s);
        IceConfig ice = IceConfig.read(s);
        ResumeConfig resume = ResumeConfig.read(s, connections);
        return new SympleConfig(listen, auth, redis, cluster, connections, rooms, continuity, handshake, admin, ice,
                resume, s.warnings());
    }

    /** Whether this deployment joins the other instances on its Redis. */
    public boolean clustered() {
        return cluster.enabled() && redis.enabled();
    }

    /** Every setting as one log line, without secrets. */
    public String describe() {
        return String.join(" ", listen.describe(), auth.describe(), rooms.describe(), redis.describe(),
                cluster.describe(redis.enabled()), connections.describe(), continuity.describe(), handshake.describe(),
                admin.describe(), ice.describe(), resume.describe());
    }
}
