package org.symple.server.cluster;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.symple.server.peers.PeerRegistry;
import org.symple.server.protocol.FrameCodec;
import org.symple.server.redis.Backoff;
import org.symple.server.redis.RedisConnector;
import org.symple.server.routing.Router;
import org.symple.server.session.Scheduler;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Server-side emission (SPEC 9): one thread per instance holds a dedicated Redis connection subscribed to
 * {@code symple:broadcast} and hands each published object to the local peers {@link Emission} picks. When the
 * connection drops it reconnects with a back-off (0.5 s doubling to 10 s, or to 2 s behind Sentinel) and subscribes again; a PING every
 * 15 s finds a connection that went silent. Stopping closes the socket, which is what unblocks the read.
 */
@ApplicationScoped
public class EmissionSubscriber {

    private static final Logger LOG = Logger.getLogger(EmissionSubscriber.class.getName());
    private static final long HEARTBEAT_MILLIS = 15_000;

    @Inject
    RedisConnector redis;

    @Inject
    PeerRegistry registry;

    @Inject
    Router router;

    @Inject
    Scheduler scheduler;

    private Backoff backoff;
    private final Object lock = new Object();
    private boolean running;
    private Thread thread;
    private Jedis connection;
    private Listener listener;
    private ScheduledFuture<?> heartbeat;

    void start(@Observes @Initialized(ApplicationScoped.class) Object context) {
        if (!redis.enabled()) {
            return;
        }
        synchronized (lock) {
            if (running) {
                return;
            }
            running = true;
            backoff = redis.reconnectBackoff();
            thread = redis.newThread(this::run);
            thread.start();
        }
        heartbeat = scheduler.every(this::heartbeat, HEARTBEAT_MILLIS);
    }

    @PreDestroy
    void stop() {
        Thread subscriber;
        synchronized (lock) {
            if (!running) {
                return;
            }
            running = false;
            subscriber = thread;
            closeConnection();
            lock.notifyAll();
        }
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        try {
            subscriber.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the subscription is active right now. */
    public boolean isSubscribed() {
        synchronized (lock) {
            return listener != null && listener.isSubscribed();
        }
    }

    private void run() {
        while (isRunning()) {
            Listener current = new Listener();
            Jedis jedis = null;
            try {
                jedis = redis.dedicatedConnection();
                synchronized (lock) {
                    if (!running) {
                        jedis.close();
                        return;
                    }
                    connection = jedis;
                    listener = current;
                }
                jedis.subscribe(current, Emission.CHANNEL); // blocks until the connection ends
            } catch (JedisException | IllegalStateException lost) {
                if (isRunning()) {
                    redis.reportFailure(lost);
                }
            } catch (RuntimeException unexpected) {
                if (isRunning()) {
                    LOG.log(Level.WARNING, "Redis subscription failed; subscribing again", unexpected);
                }
            } finally {
                synchronized (lock) {
                    if (jedis != null && connection == jedis) {
                        closeConnection();
                    }
                }
            }
            if (!pause(backoff.next())) {
                return;
            }
        }
    }

    /** Waits before the next attempt; false when stopped meanwhile. */
    private boolean pause(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (lock) {
            while (running) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return true;
                }
                try {
                    lock.wait(left);
                } catch (InterruptedException e) {
                    running = false;
                    Thread.currentThread().interrupt();
                }
            }
            return false;
        }
    }

    private boolean isRunning() {
        synchronized (lock) {
            return running;
        }
    }

    /** Closes the current connection's socket (called with the lock held); the blocked read then fails. */
    private void closeConnection() {
        if (connection != null) {
            try {
                connection.getConnection().close();
            } catch (RuntimeException ignored) {
                // already closed
            }
            connection = null;
        }
        listener = null;
    }

    /** Pings the subscribed connection; one that missed the previous pong is closed, so the loop reconnects. */
    private void heartbeat() {
        synchronized (lock) {
            if (listener == null || !listener.isSubscribed()) {
                return;
            }
            if (listener.awaitingPong) {
                LOG.fine("Redis subscription missed a heartbeat; reconnecting");
                redis.reportFailure(new IllegalStateException("no answer to PING within " + HEARTBEAT_MILLIS + " ms"));
                closeConnection();
                return;
            }
            try {
                listener.awaitingPong = true;
                listener.ping();
            } catch (JedisException | IllegalStateException failed) {
                closeConnection();
            }
        }
    }

    /** Delivers one published payload; anything that is not a JSON object is ignored (SPEC 9.3). */
    void deliver(String payload) {
        Optional<JsonObject> published = FrameCodec.parseObject(payload);
        if (published.isEmpty()) {
            LOG.fine("Ignored a publication on " + Emission.CHANNEL + " that is not a JSON object");
            return;
        }
        Set<String> recipients = Emission.recipients(published.get(), registry.rooms());
        if (!recipients.isEmpty()) {
            // every instance receives the publication itself, so each one serves only its own peers
            router.injectLocally(recipients, published.get());
        }
    }

    private final class Listener extends JedisPubSub {
        private volatile boolean awaitingPong;

        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            backoff.reset();
            redis.reportSuccess();
            LOG.fine(() -> "Subscribed to " + channel + " at " + redis.server());
        }

        @Override
        public void onMessage(String channel, String message) {
            try {
                deliver(message);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not deliver a publication from " + channel, e);
            }
        }

        @Override
        public void onPong(String pattern) {
            awaitingPong = false;
        }
    }
}
