package org.symple.server.ice;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.symple.server.config.IceConfig;
import org.symple.server.config.SympleConfig;
import org.symple.server.protocol.FrameCodec;

/**
 * The ICE servers a peer is given for its WebRTC calls, in the browser's {@code RTCIceServer} shape: one entry with
 * the STUN URLs, one with the TURN URLs and a credential made for the peer's user that expires
 * {@code SYMPLE_TURN_TTL} seconds from now. Nothing when no ICE server is configured.
 */
@ApplicationScoped
public class IceServers {

    private final IceConfig config;
    private final Clock clock;

    /** For the container's client proxy. */
    protected IceServers() {
        this((IceConfig) null, Clock.systemUTC());
    }

    @Inject
    public IceServers(SympleConfig config) {
        this(config.ice(), Clock.systemUTC());
    }

    public IceServers(IceConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** The servers for {@code user}, or empty when none are configured. */
    public Optional<Grant> grant(String user) {
        if (!config.enabled()) {
            return Optional.empty();
        }
        JsonArrayBuilder servers = FrameCodec.JSON.createArrayBuilder();
        if (!config.stunUrls().isEmpty()) {
            servers.add(FrameCodec.JSON.createObjectBuilder().add("urls", urls(config.stunUrls())));
        }
        Long ttl = null;
        if (config.turn()) {
            long expiry = clock.instant().getEpochSecond() + config.turnTtlSeconds();
            TurnCredential credential = TurnCredential.issue(config.turnSecret().orElseThrow(), user, expiry);
            servers.add(FrameCodec.JSON.createObjectBuilder().add("urls", urls(config.turnUrls()))
                    .add("username", credential.username()).add("credential", credential.credential()));
            ttl = config.turnTtlSeconds();
        }
        return Optional.of(new Grant(servers.build(), ttl));
    }

    /** Whether the servers carry credentials that expire, so that clients may ask for fresh ones. */
    public boolean refreshable() {
        return config.turn();
    }

    private static JsonArrayBuilder urls(List<String> urls) {
        JsonArrayBuilder array = FrameCodec.JSON.createArrayBuilder();
        urls.forEach(array::add);
        return array;
    }

    /** The servers handed out, and for how many seconds their TURN credential lives (null without TURN). */
    public record Grant(JsonArray servers, Long ttlSeconds) {
    }
}
