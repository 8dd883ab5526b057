package org.symple.server.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ICE servers handed to every authenticated peer for its WebRTC calls: STUN URLs ({@code SYMPLE_STUN_URLS}), and
 * TURN URLs ({@code SYMPLE_TURN_URLS}) with the secret shared with the TURN server ({@code SYMPLE_TURN_SECRET},
 * coturn's {@code static-auth-secret}) and how long a credential made from it lives ({@code SYMPLE_TURN_TTL},
 * seconds). TURN is on only with both URLs and a secret; invalid URLs are left out with a warning.
 */
public record IceConfig(List<String> stunUrls, List<String> turnUrls, Optional<Secret> turnSecret, long turnTtlSeconds) {

    /**
     * One day. A browser refreshes its TURN allocation (every few minutes) with the credential the call started
     * with, so a credential must outlive the calls made with it; the app asks for fresh credentials at half their
     * lifetime, so every call starts with at least half a day left.
     */
    public static final long DEFAULT_TURN_TTL_SECONDS = 86_400;

    /** RFC 7064/7065 without the scheme: host name, IPv4 or [IPv6], optional port; TURN may name its transport. */
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+)(:(\\d{1,5}))?");

    public IceConfig {
        stunUrls = List.copyOf(stunUrls);
        turnUrls = List.copyOf(turnUrls);
    }

    static IceConfig read(SettingsReader s) {
        List<String> stun = valid(s, "SYMPLE_STUN_URLS", List.of("stun:", "stuns:"), false);
        List<String> turn = valid(s, "SYMPLE_TURN_URLS", List.of("turn:", "turns:"), true);
        Optional<Secret> secret = s.raw("SYMPLE_TURN_SECRET").map(Secret::new);
        long ttl = s.number("SYMPLE_TURN_TTL", DEFAULT_TURN_TTL_SECONDS, 60, 30L * 86_400);
        if (!turn.isEmpty() && secret.isEmpty()) {
            s.warn("SYMPLE_TURN_URLS is set but SYMPLE_TURN_SECRET is not; no TURN servers are handed out");
            turn = List.of();
        } else if (secret.isPresent() && turn.isEmpty() && !s.isSet("SYMPLE_TURN_URLS")) {
            s.warn("SYMPLE_TURN_SECRET is set but SYMPLE_TURN_URLS is not; no TURN servers are handed out");
        }
        return new IceConfig(stun, turn, turn.isEmpty() ? Optional.empty() : secret, ttl);
    }

    /** Whether peers are given any ICE server at all. */
    public boolean enabled() {
        return !stunUrls.isEmpty() || turn();
    }

    /** Whether peers are given TURN servers with credentials (which expire, and can be refreshed). */
    public boolean turn() {
        return !turnUrls.isEmpty() && turnSecret.isPresent();
    }

    /** The entries of a URL list that are valid for its schemes; the others leave a warning naming the setting. */
    private static List<String> valid(SettingsReader s, String name, List<String> schemes, boolean transport) {
        List<String> urls = new ArrayList<>();
        for (String url : s.list(name, "")) {
            if (valid(url, schemes, transport)) {
                urls.add(url);
            } else {
                s.warn(name + " entry \"" + url + "\" is not a " + String.join(" or ", schemes) + " URL ("
                        + schemes.get(0) + "host[:port]" + (transport ? "[?transport=udp|tcp]" : "") + "); left out");
            }
        }
        return urls;
    }

    private static boolean valid(String url, List<String> schemes, boolean transport) {
        String lower = url.toLowerCase(Locale.ROOT);
        Optional<String> scheme = schemes.stream().filter(lower::startsWith).findFirst();
        if (scheme.isEmpty()) {
            return false;
        }
        String rest = url.substring(scheme.get().length());
        int query = rest.indexOf('?');
        if (query >= 0) {
            String parameter = rest.substring(query + 1).toLowerCase(Locale.ROOT);
            if (!transport || !(parameter.equals("transport=udp") || parameter.equals("transport=tcp"))) {
                return false;
            }
            rest = rest.substring(0, query);
        }
        Matcher match = HOST_PORT.matcher(rest);
        if (!match.matches()) {
            return false;
        }
        int port = match.group(3) == null ? 1 : Integer.parseInt(match.group(3));
        return port >= 1 && port <= 65_535;
    }

    /** Without the secret. */
    String describe() {
        if (!enabled()) {
            return "iceServers=off";
        }
        return "stunUrls=" + stunUrls + " turnUrls=" + turnUrls + (turn() ? " turnTtlS=" + turnTtlSeconds : "");
    }

    @Override
    public String toString() {
        return describe();
    }
}
