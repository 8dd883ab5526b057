package org.symple.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SympleConfigTest {

    private static SympleConfig config(Map<String, String> values) {
        return SympleConfig.from(Settings.of(values));
    }

    @Test
    void defaultsMatchTheSpecification() {
        SympleConfig config = config(Map.of());
        assertEquals(4500, config.listen().port());
        assertEquals(-1, config.auth().sessionTtlMinutes());
        assertFalse(config.auth().tokens());
        assertTrue(config.rooms().dynamic());
        assertEquals(Optional.empty(), config.redis().url());
        assertEquals(1024, config.connections().maxConnections());
        assertEquals(65536, config.connections().maxMessageSize());
        assertEquals(100, config.connections().rateLimit());
        assertEquals(10, config.connections().rateSeconds());
        assertEquals(10_000, config.auth().timeoutMillis());
        assertEquals(30_000, config.connections().pingIntervalMillis());
        assertEquals(1024 * 1024, config.connections().maxQueueBytes());
        assertEquals(30_000, config.connections().sendTimeoutMillis());
        assertTrue(config.warnings().isEmpty());
    }

    @Test
    void theSendPathIsAutoOrPlainAndAnythingElseWarnsAndKeepsAuto() {
        assertEquals("auto", config(Map.of()).connections().sendPath());
        assertEquals("plain", config(Map.of("SYMPLE_SEND_PATH", "PLAIN")).connections().sendPath());
        SympleConfig odd = config(Map.of("SYMPLE_SEND_PATH", "batched"));
        assertEquals("auto", odd.connections().sendPath());
        assertTrue(odd.warnings().stream().anyMatch(w -> w.contains("SYMPLE_SEND_PATH")));
    }

    @Test
    void theSendTimeoutIsInSecondsAndZeroSwitchesTheWatchdogOff() {
        assertEquals(2_500, config(Map.of("SYMPLE_SEND_TIMEOUT", "2.5")).connections().sendTimeoutMillis());
        assertEquals(0, config(Map.of("SYMPLE_SEND_TIMEOUT", "0")).connections().sendTimeoutMillis());
        SympleConfig negative = config(Map.of("SYMPLE_SEND_TIMEOUT", "-1"));
        assertEquals(30_000, negative.connections().sendTimeoutMillis());
        assertEquals(1, negative.warnings().size());
    }

    @Test
    void resumeDefaultsAndBoundsAndAGraceOrBufferBeyondItsLimitIsCutWithAWarning() {
        ResumeConfig defaults = config(Map.of()).resume();
        assertEquals(new ResumeConfig(120_000, 10_000, 1000, 1024 * 1024), defaults);
        assertTrue(defaults.enabled());
        assertFalse(config(Map.of("SYMPLE_RESUME_WINDOW", "0", "SYMPLE_RESUME_GRACE", "0")).resume().enabled());
        SympleConfig longGrace = config(Map.of("SYMPLE_RESUME_WINDOW", "30", "SYMPLE_RESUME_GRACE", "60"));
        assertEquals(30_000, longGrace.resume().graceMillis());
        assertTrue(longGrace.warnings().stream().anyMatch(w -> w.contains("SYMPLE_RESUME_GRACE")));
        SympleConfig bigBuffer = config(Map.of("SYMPLE_RESUME_MAX_BYTES", "4194304"));
        assertEquals(1024 * 1024, bigBuffer.resume().maxBytes());
        assertTrue(bigBuffer.warnings().stream().anyMatch(w -> w.contains("SYMPLE_RESUME_MAX_BYTES")));
        assertEquals(1000, config(Map.of("SYMPLE_RESUME_MAX_FRAMES", "0")).resume().maxFrames(), "out of range: the default");
    }

    @Test
    void portOverridesSymplePort() {
        assertEquals(4601, config(Map.of("PORT", "4601", "SYMPLE_PORT", "4600")).listen().port());
        assertEquals(4600, config(Map.of("SYMPLE_PORT", "4600")).listen().port());
    }

    @Test
    void booleansAreTrimmedAndCaseInsensitiveAndUnknownWordsKeepTheDefault() {
        assertFalse(config(Map.of("SYMPLE_DYNAMIC_ROOMS", " OFF ")).rooms().dynamic());
        SympleConfig maybe = config(Map.of("SYMPLE_DYNAMIC_ROOMS", "maybe"));
        assertTrue(maybe.rooms().dynamic());
        assertEquals(1, maybe.warnings().size());
        assertTrue(config(Map.of("SYMPLE_AUTHENTICATION", "Yes")).auth().tokens());
    }

    @Test
    void invalidNumbersKeepTheDefaultWithAWarning() {
        SympleConfig config = config(Map.of("SYMPLE_MAX_MESSAGE_SIZE", "lots", "SYMPLE_RATE_LIMIT", "-3"));
        assertEquals(65536, config.connections().maxMessageSize());
        assertEquals(100, config.connections().rateLimit());
        assertEquals(2, config.warnings().size());
    }

    @Test
    void redisIsOffUnlessAVariableIsSetOrAuthenticationIsOn() {
        assertEquals(Optional.of(URI.create("redis://localhost:6379")),
                config(Map.of("SYMPLE_AUTHENTICATION", "true")).redis().url());
        assertEquals(Optional.of(URI.create("redis://cache:6380")),
                config(Map.of("REDIS_HOST", "cache", "SYMPLE_REDIS_PORT", "6380")).redis().url());
        assertEquals(Optional.of(URI.create("rediss://r.example:7000")),
                config(Map.of("SYMPLE_REDIS_URL", "rediss://r.example:7000", "REDIS_URL", "redis://other")).redis().url());
    }

    @Test
    void laterLayersWinAndBlankValuesCountAsUnset() {
        Settings settings = Settings.layered(Map.of("SYMPLE_RATE_LIMIT", "5"), Map.of("SYMPLE_RATE_LIMIT", "7"),
                Map.of("SYMPLE_RATE_LIMIT", " "));
        assertEquals(7, SympleConfig.from(settings).connections().rateLimit());
    }

    @Test
    void everySettingTheServerReadsIsDocumentedInTheOneTable() throws Exception {
        SettingsReader reader = new SettingsReader(Settings.of(Map.of("SYMPLE_AUTHENTICATION", "true",
                "SYMPLE_REDIS_SENTINELS", "s1:26379", "SYMPLE_REDIS_SENTINEL_MASTER", "main", "SYMPLE_SESSION_TTL", "5",
                "SYMPLE_SSL_ENABLED", "true", "SYMPLE_TURN_URLS", "turn:t.example:3478", "SYMPLE_TURN_SECRET", "s")));
        SympleConfig.read(reader);
        String table = java.nio.file.Files.readString(java.nio.file.Path.of("docs", "configuration.md"));
        List<String> missing = reader.names().stream().filter(name -> !table.contains("`" + name + "`")).sorted().toList();
        assertEquals(List.of(), missing, "settings missing from docs/configuration.md");
        assertTrue(reader.names().size() >= 40, "the check saw " + reader.names().size() + " settings");
    }

    @Test
    void theContainersFrameBufferHoldsTwiceTheFrameLimitSoTheServerCanAnswerOversizedFrames() {
        assertEquals(2 * 65536 + 1024, config(Map.of()).connections().frameBufferBytes());
        assertEquals(64 * 1024 * 1024, config(Map.of("SYMPLE_MAX_MESSAGE_SIZE", "0")).connections().frameBufferBytes());
    }

    @Test
    void tlsSettingsAreReadWithoutAWarningSinceWhoTerminatesTlsDependsOnTheForm() {
        SympleConfig config = config(Map.of("SYMPLE_SSL_ENABLED", "true", "SYMPLE_SSL_KEY", "/etc/symple/key.pem"));
        assertTrue(config.listen().sslRequested());
        assertEquals(Optional.of("/etc/symple/key.pem"), config.listen().sslKey());
        assertEquals(Optional.empty(), config.listen().sslCert());
        assertEquals(List.of(), config.warnings());
    }

    @Test
    void describeNeverShowsRedisCredentials() {
        String text = config(Map.of("SYMPLE_REDIS_URL", "redis://user:secret@db:6379")).describe();
        assertFalse(text.contains("secret"));
        assertTrue(text.contains("redis://db:6379"));
    }

    @Test
    void sessionsAreRefreshedAtEightTenthsOfTheTtlUnlessAShorterOverrideIsSet() {
        assertEquals(0, config(Map.of()).auth().sessionRefreshMillis());
        assertEquals(0, config(Map.of("SYMPLE_SESSION_TTL", "-1", "SYMPLE_SESSION_REFRESH_SECONDS", "2")).auth().sessionRefreshMillis());
        assertEquals(48_000, config(Map.of("SYMPLE_SESSION_TTL", "1")).auth().sessionRefreshMillis());
        assertEquals(8 * 60 * 60_000L, config(Map.of("SYMPLE_SESSION_TTL", "600")).auth().sessionRefreshMillis());
        assertEquals(2_000, config(Map.of("SYMPLE_SESSION_TTL", "1", "SYMPLE_SESSION_REFRESH_SECONDS", "2")).auth().sessionRefreshMillis());
        assertEquals(500, config(Map.of("SYMPLE_SESSION_TTL", "1", "SYMPLE_SESSION_REFRESH_SECONDS", "0.5")).auth().sessionRefreshMillis());
    }

    @Test
    void aRefreshOverrideLongerThanEightTenthsOfTheTtlIsCappedWithAWarning() {
        SympleConfig config = config(Map.of("SYMPLE_SESSION_TTL", "1", "SYMPLE_SESSION_REFRESH_SECONDS", "90"));
        assertEquals(48_000, config.auth().sessionRefreshMillis());
        assertEquals(1, config.warnings().size());
        SympleConfig invalid = config(Map.of("SYMPLE_SESSION_TTL", "1", "SYMPLE_SESSION_REFRESH_SECONDS", "soon"));
        assertEquals(48_000, invalid.auth().sessionRefreshMillis());
        assertEquals(1, invalid.warnings().size());
    }

    @Test
    void sentinelNeedsAddressesAndAMasterNameAndTurnsRedisOn() {
        SympleConfig config = config(Map.of("SYMPLE_REDIS_SENTINELS", "s1:26379, s2:26380",
                "SYMPLE_REDIS_SENTINEL_MASTER", "main", "SYMPLE_REDIS_SENTINEL_PASSWORD", "hidden"));
        assertTrue(config.redis().enabled());
        assertEquals(Optional.empty(), config.redis().url());
        RedisSentinels sentinels = config.redis().sentinels().orElseThrow();
        assertEquals(List.of("s1:26379", "s2:26380"), sentinels.addresses());
        assertEquals("main", sentinels.master());
        assertEquals(Optional.of("hidden"), sentinels.password());
        assertFalse(config.describe().contains("hidden"));
        assertTrue(config.describe().contains("sentinel:main@s1:26379,s2:26380"));
    }

    @Test
    void halfASentinelConfigurationIsOffWithAWarning() {
        SympleConfig noMaster = config(Map.of("SYMPLE_REDIS_SENTINELS", "s1:26379"));
        assertEquals(Optional.empty(), noMaster.redis().sentinels());
        assertFalse(noMaster.redis().enabled());
        assertEquals(1, noMaster.warnings().size());
        SympleConfig badAddress = config(Map.of("SYMPLE_REDIS_SENTINELS", "s1", "SYMPLE_REDIS_SENTINEL_MASTER", "main"));
        assertEquals(Optional.empty(), badAddress.redis().sentinels());
        assertEquals(1, badAddress.warnings().size());
    }

    @Test
    void iceServersAreOffUnlessConfigured() {
        IceConfig ice = config(Map.of()).ice();
        assertFalse(ice.enabled());
        assertFalse(ice.turn());
        assertEquals(IceConfig.DEFAULT_TURN_TTL_SECONDS, ice.turnTtlSeconds());
        assertTrue(config(Map.of()).describe().contains("iceServers=off"));
    }

    @Test
    void turnNeedsUrlsAndTheSecretAndNeverShowsTheSecret() {
        SympleConfig config = config(Map.of("SYMPLE_TURN_URLS", "turn:turn.example:3478?transport=udp,turns:[2001:db8::1]:5349",
                "SYMPLE_TURN_SECRET", "north-wind", "SYMPLE_TURN_TTL", "600", "SYMPLE_STUN_URLS", "stun:stun.example"));
        IceConfig ice = config.ice();
        assertTrue(ice.turn());
        assertEquals(List.of("turn:turn.example:3478?transport=udp", "turns:[2001:db8::1]:5349"), ice.turnUrls());
        assertEquals(List.of("stun:stun.example"), ice.stunUrls());
        assertEquals(600, ice.turnTtlSeconds());
        assertEquals(List.of(), config.warnings());
        assertFalse(config.describe().contains("north-wind"), config.describe());
        assertFalse(config.toString().contains("north-wind"), config.toString());
        assertTrue(config.describe().contains("turnUrls=[turn:turn.example:3478?transport=udp"), config.describe());
    }

    @Test
    void turnUrlsWithoutASecretOrASecretWithoutUrlsIsAWarningNamingTheSetting() {
        SympleConfig noSecret = config(Map.of("SYMPLE_TURN_URLS", "turn:turn.example"));
        assertFalse(noSecret.ice().turn());
        assertEquals(1, noSecret.warnings().size());
        assertTrue(noSecret.warnings().get(0).contains("SYMPLE_TURN_SECRET"), noSecret.warnings()::toString);

        SympleConfig noUrls = config(Map.of("SYMPLE_TURN_SECRET", "north-wind"));
        assertFalse(noUrls.ice().enabled());
        assertTrue(noUrls.warnings().get(0).contains("SYMPLE_TURN_URLS"), noUrls.warnings()::toString);
        assertFalse(noUrls.warnings().get(0).contains("north-wind"));
    }

    @Test
    void invalidIceUrlsAreLeftOutWithAWarningNamingTheSetting() {
        SympleConfig config = config(Map.of("SYMPLE_TURN_URLS",
                "turn:ok.example, http://turn.example, turn:, turn:bad host, turn:t.example:70000, turn:t.example?transport=sctp",
                "SYMPLE_TURN_SECRET", "s", "SYMPLE_STUN_URLS", "stun:ok.example:19302, turn:wrong.example, stun:s.example?transport=udp",
                "SYMPLE_TURN_TTL", "soon"));
        assertEquals(List.of("turn:ok.example"), config.ice().turnUrls());
        assertEquals(List.of("stun:ok.example:19302"), config.ice().stunUrls());
        assertEquals(IceConfig.DEFAULT_TURN_TTL_SECONDS, config.ice().turnTtlSeconds());
        assertEquals(8, config.warnings().size(), config.warnings()::toString);
        assertEquals(5, config.warnings().stream().filter(w -> w.startsWith("SYMPLE_TURN_URLS entry")).count());
        assertEquals(2, config.warnings().stream().filter(w -> w.startsWith("SYMPLE_STUN_URLS entry")).count());
        assertTrue(config.warnings().contains("SYMPLE_TURN_TTL=\"soon\" is not valid; using 86400"), config.warnings()::toString);
    }
}
