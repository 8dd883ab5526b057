package org.symple.server.redis;

import org.symple.server.runtime.ManagedThreads;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Logger;
import org.symple.server.config.SympleConfig;
import org.symple.server.runtime.Scheduler;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * The connection to Redis, when one is configured: a pool of connections for commands, run on a few
 * threads of the server's managed thread factory so that no container I/O thread ever waits on Redis, and
 * dedicated connections for subscribers. Without a Redis setting it does nothing and never dials out.
 */
@ApplicationScoped
public class RedisConnector {

    private static final Logger LOG = Logger.getLogger(RedisConnector.class.getName());
    private static final int CONNECT_TIMEOUT_MILLIS = 2000;
    private static final int READ_TIMEOUT_MILLIS = 2000;
    private static final int COMMAND_THREADS = 8;
    private static final int MAX_QUEUED_COMMANDS = 1024;

    @Inject
    SympleConfig config;

    @Inject
    Scheduler scheduler;

    private HostAndPort server;
    private JedisClientConfig clientConfig;
    private JedisPool pool;
    private ThreadPoolExecutor commands;
    private ThreadFactory threads;
    private OutageLog outages;

    @PostConstruct
    void init() {
        if (config.redisUrl().isEmpty()) {
            return;
        }
        URI url = config.redisUrl().get();
        server = JedisURIHelper.getHostAndPort(url);
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(CONNECT_TIMEOUT_MILLIS)
                .socketTimeoutMillis(READ_TIMEOUT_MILLIS)
                .database(JedisURIHelper.getDBIndex(url))
                .ssl(JedisURIHelper.isRedisSSLScheme(url));
        String user = JedisURIHelper.getUser(url);
        String password = JedisURIHelper.getPassword(url);
        if (password != null) {
            client.user(user).password(password);
        }
        clientConfig = client.build();
        JedisPoolConfig poolConfig = new JedisPoolConfig();
        poolConfig.setMaxTotal(COMMAND_THREADS * 2);
        poolConfig.setMaxIdle(COMMAND_THREADS);
        poolConfig.setMinIdle(0);
        poolConfig.setMaxWait(Duration.ofMillis(1000));
        poolConfig.setJmxEnabled(false);
        pool = new JedisPool(poolConfig, server, clientConfig);
        threads = ManagedThreads.factory("symple-redis");
        commands = new ThreadPoolExecutor(COMMAND_THREADS, COMMAND_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(MAX_QUEUED_COMMANDS), threads);
        commands.allowCoreThreadTimeOut(true);
        outages = new OutageLog(LOG, server.toString());
        LOG.info(() -> "Redis configured at " + server);
    }

    @PreDestroy
    void stop() {
        if (commands != null) {
            commands.shutdownNow();
        }
        if (pool != null) {
            pool.close();
        }
    }

    /** Whether a Redis server is configured. */
    public boolean enabled() {
        return pool != null;
    }

    /** Whether Redis is configured and answered the last command or subscription (no outage in progress). */
    public boolean isAvailable() {
        return enabled() && !outages.isDown();
    }

    /** host:port of the configured server, for log lines. */
    public String server() {
        return String.valueOf(server);
    }

    /**
     * Runs a command on a pooled connection off the caller's thread. The stage fails with {@link RedisFailure}
     * when Redis is unreachable, refuses the command, or has not answered within {@code timeoutMillis}. A command
     * that fails on a connection broken earlier (Redis restarted) is retried once on a fresh connection.
     */
    public <T> CompletionStage<T> call(Function<Jedis, T> command, long timeoutMillis) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (!enabled()) {
            result.completeExceptionally(new RedisFailure("not configured"));
            return result;
        }
        ScheduledFuture<?> timer;
        try {
            timer = scheduler.schedule(() -> result.completeExceptionally(
                    new RedisFailure("no answer within " + timeoutMillis + " ms")), timeoutMillis);
        } catch (RejectedExecutionException stopping) {
            result.completeExceptionally(new RedisFailure("server stopping"));
            return result;
        }
        result.whenComplete((value, error) -> timer.cancel(false));
        try {
            commands.execute(() -> {
                if (!result.isDone()) {
                    run(command, result);
                }
            });
        } catch (RejectedExecutionException busy) {
            result.completeExceptionally(new RedisFailure(commands.isShutdown() ? "server stopping" : "too many pending commands"));
        }
        return result;
    }

    private <T> void run(Function<Jedis, T> command, CompletableFuture<T> result) {
        try {
            T value;
            try {
                value = once(command);
            } catch (JedisConnectionException stale) {
                pool.clear(); // idle connections from before a restart are all dead: drop them, then retry once
                value = once(command);
            }
            outages.succeeded();
            result.complete(value);
        } catch (JedisConnectionException unreachable) {
            String reason = describe(unreachable);
            outages.failed(reason);
            result.completeExceptionally(new RedisFailure(reason));
        } catch (JedisException | IllegalStateException refused) {
            result.completeExceptionally(new RedisFailure(describe(refused)));
        }
    }

    private <T> T once(Function<Jedis, T> command) {
        try (Jedis jedis = pool.getResource()) {
            return command.apply(jedis);
        }
    }

    /** A connection of its own (not pooled) for a subscriber; it blocks in SUBSCRIBE, so no read timeout applies. */
    public Jedis dedicatedConnection() {
        if (!enabled()) {
            throw new IllegalStateException("Redis is not configured");
        }
        return new Jedis(server, clientConfig);
    }

    /** A thread for long-running Redis work (the subscriber loop). */
    public Thread newThread(Runnable task) {
        return threads.newThread(task);
    }

    /** Records a connection-level failure seen outside {@link #call} (the subscriber); logs only the first of an outage. */
    public void reportFailure(Exception error) {
        if (outages != null) {
            outages.failed(describe(error));
        }
    }

    /** Records that Redis answered outside {@link #call}; logs the end of an outage. */
    public void reportSuccess() {
        if (outages != null) {
            outages.succeeded();
        }
    }

    /** A short reason without keys or values: the innermost cause's message, e.g. "Connection refused". */
    static String describe(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}
