package org.symple.server.redis;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Runs Redis work strictly in submission order on one dedicated connection and thread, so that what one instance
 * publishes reaches the others in the order it happened. The queue is bounded; while Redis is unreachable the
 * work is dropped, the connection is retried with a back-off, and {@code onReconnect} runs once it works.
 */
public final class OrderedWriter {

    private static final int CAPACITY = 100_000;

    private final RedisConnector redis;
    private final Runnable onReconnect;
    private final BlockingQueue<Consumer<Jedis>> tasks = new LinkedBlockingQueue<>(CAPACITY);
    private final Backoff backoff;
    private volatile boolean running;
    private volatile boolean connected = true;
    private Thread thread;
    private Jedis connection;

    public OrderedWriter(RedisConnector redis, Runnable onReconnect) {
        this.redis = redis;
        this.onReconnect = onReconnect;
        this.backoff = redis.reconnectBackoff();
    }

    public synchronized void start() {
        running = true;
        thread = redis.newThread(this::loop);
        thread.start();
    }

    /** Queues work; false (and dropped) when stopped, disconnected or full. */
    public boolean submit(Consumer<Jedis> task) {
        return running && connected && tasks.offer(task);
    }

    /** Stops taking work, runs what is queued for at most {@code waitMillis}, then closes the connection. */
    public void stop(long waitMillis) {
        Thread worker;
        synchronized (this) {
            running = false;
            worker = thread;
        }
        if (worker == null) {
            return;
        }
        try {
            worker.join(waitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeConnection();
    }

    private void loop() {
        while (running || (connected && !tasks.isEmpty())) {
            Consumer<Jedis> task;
            try {
                task = tasks.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (task != null) {
                run(task);
            }
        }
        closeConnection();
    }

    private void run(Consumer<Jedis> task) {
        try {
            if (connection == null) {
                connection = redis.dedicatedConnection();
            }
            task.accept(connection);
        } catch (JedisException | IllegalStateException failed) {
            closeConnection();
            redis.reportFailure(failed);
            reconnect();
        }
    }

    /** Drops queued work and retries the connection until it works (or the writer stops). */
    private void reconnect() {
        connected = false;
        tasks.clear();
        while (running) {
            try {
                Thread.sleep(backoff.next());
                connection = redis.dedicatedConnection();
                connection.ping();
                backoff.reset();
                redis.reportSuccess();
                connected = true;
                onReconnect.run();
                return;
            } catch (InterruptedException e) {
                return;
            } catch (JedisException | IllegalStateException stillDown) {
                closeConnection();
            }
        }
    }

    private synchronized void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (RuntimeException ignored) {
                // already broken
            }
            connection = null;
        }
    }
}
