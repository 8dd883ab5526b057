package org.symple.server.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import org.symple.server.config.SympleConfig;
import org.symple.server.runtime.Scheduler;

/**
 * Session lifetime (SYMPLE_SESSION_TTL, in minutes): each successful token authentication sets the
 * session to expire TTL from now, and while at least one peer authenticated by that token is connected the expiry
 * is pushed back every {@code AuthConfig.sessionRefreshMillis()} (0.8 x TTL unless overridden). With TTL <= 0
 * nothing touches the key. A disconnect never deletes it: logging out is the application's business.
 */
@ApplicationScoped
public class SessionRefresher {

    private final SympleConfig config;
    private final RedisSessionStore store;
    private final Scheduler scheduler;
    private final Map<String, String> tokenByPeer = new HashMap<>();
    private final Map<String, Refresh> refreshByToken = new HashMap<>();

    /** For the container's client proxy. */
    protected SessionRefresher() {
        this(null, null, null);
    }

    @Inject
    public SessionRefresher(SympleConfig config, RedisSessionStore store, Scheduler scheduler) {
        this.config = config;
        this.store = store;
        this.scheduler = scheduler;
    }

    /** A peer authenticated by {@code token} (null in anonymous mode) is now online. */
    public synchronized void attach(String peerId, String token) {
        if (token == null || !managesExpiry() || tokenByPeer.putIfAbsent(peerId, token) != null) {
            return;
        }
        long seconds = ttlSeconds();
        store.expire(token, seconds);
        Refresh refresh = refreshByToken.get(token);
        if (refresh == null) {
            refresh = new Refresh(scheduler.every(() -> store.expire(token, seconds), config.auth().sessionRefreshMillis()));
            refreshByToken.put(token, refresh);
        }
        refresh.peers++;
    }

    /** The peer went offline; the refresh of its token stops with the last such peer. */
    public synchronized void detach(String peerId) {
        String token = tokenByPeer.remove(peerId);
        if (token == null) {
            return;
        }
        Refresh refresh = refreshByToken.get(token);
        if (refresh != null && --refresh.peers == 0) {
            refresh.timer.cancel(false);
            refreshByToken.remove(token);
        }
    }

    /** Stops every refresh (the instance is stopping). */
    public synchronized void stop() {
        refreshByToken.values().forEach(refresh -> refresh.timer.cancel(false));
        refreshByToken.clear();
        tokenByPeer.clear();
    }

    private boolean managesExpiry() {
        return config.auth().sessionTtlMinutes() > 0 && config.redis().enabled();
    }

    private long ttlSeconds() {
        return Math.multiplyExact(config.auth().sessionTtlMinutes(), 60L);
    }

    private static final class Refresh {
        private final ScheduledFuture<?> timer;
        private int peers;

        Refresh(ScheduledFuture<?> timer) {
            this.timer = timer;
        }
    }
}
