package org.symple.server.redis;

import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.symple.server.runtime.Scheduler;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A Redis subscription that lasts: one thread holds a dedicated connection subscribed to the channels and hands
 * every message to the {@link Handler}. When the connection drops it connects again with a back-off (0.5 s doubling
 * to 10 s, or to 2 s behind Sentinel) and subscribes again, reporting {@link Handler#subscribed()} each time all channels are subscribed; a
 * PING every 15 s finds a connection that went silent. Stopping closes the socket, which is what unblocks the read.
 */
public final class Subscription {

    /** What the subscriber does with what arrives. Runs on the subscription's thread; must not block for long. */
    public interface Handler {

        /** Every channel is subscribed (again): anything published while unsubscribed was lost. */
        void subscribed();

        void message(String channel, String message);
    }

    private static final Logger LOG = Logger.getLogger(Subscription.class.getName());
    private static final long HEARTBEAT_MILLIS = 15_000;

    private final RedisConnector redis;
    private final Scheduler scheduler;
    private final List<String> channels;
    private final Handler handler;
    private final Backoff backoff;
    private final Object lock = new Object();
    private boolean running;
    private Thread thread;
    private Jedis connection;
    private Listener listener;
    private ScheduledFuture<?> heartbeat;

    public Subscription(RedisConnector redis, Scheduler scheduler, List<String> channels, Handler handler) {
        this.redis = redis;
        this.scheduler = scheduler;
        this.channels = List.copyOf(channels);
        this.handler = handler;
        this.backoff = redis.reconnectBackoff();
    }

    public void start() {
        synchronized (lock) {
            if (running) {
                return;
            }
            running = true;
            thread = redis.newThread(this::run);
            thread.start();
        }
        heartbeat = scheduler.every(this::heartbeat, HEARTBEAT_MILLIS);
    }

    /** Unsubscribes and closes the connection; waits up to {@code waitMillis} for the thread to end. */
    public void stop(long waitMillis) {
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
            subscriber.join(waitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
                jedis.subscribe(current, channels.toArray(String[]::new)); // blocks until the connection ends
            } catch (JedisException | IllegalStateException lost) {
                if (isRunning()) {
                    redis.reportFailure(lost);
                }
            } catch (RuntimeException unexpected) {
                if (isRunning()) {
                    LOG.log(Level.WARNING, "Redis subscription to " + channels + " failed; subscribing again", unexpected);
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
        long deadline = System.currentTimeMillis() + millis;
        synchronized (lock) {
            while (running) {
                long left = deadline - System.currentTimeMillis();
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

    /**
     * Pings the subscribed connection; one that delivered nothing since the previous ping (no pong, no message) is
     * closed, so the loop reconnects. A connection still delivering a backlog is left alone: closing it would lose the
     * backlog and whatever is published until it is subscribed again.
     */
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

    private final class Listener extends JedisPubSub {
        private volatile boolean awaitingPong;
        private int subscribedChannels;

        @Override
        public void onSubscribe(String channel, int count) {
            if (++subscribedChannels == channels.size()) {
                backoff.reset();
                redis.reportSuccess();
                LOG.fine(() -> "Subscribed to " + channels + " at " + redis.server());
                handler.subscribed();
            }
        }

        @Override
        public void onMessage(String channel, String message) {
            awaitingPong = false; // it delivers: alive, only busy (its pong waits behind the messages still unread)
            try {
                handler.message(channel, message);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not handle a message from " + channel, e);
            }
        }

        @Override
        public void onPong(String pattern) {
            awaitingPong = false;
        }
    }
}
