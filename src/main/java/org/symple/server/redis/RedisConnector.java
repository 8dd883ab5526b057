package org.symple.server.redis;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
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
import java.util.stream.Collectors;
import org.symple.server.config.RedisSentinels;
import org.symple.server.config.SympleConfig;
import org.symple.server.runtime.ManagedThreads;
import org.symple.server.runtime.Scheduler;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;
import redis.clients.jedis.JedisSentinelPool;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.JedisURIHelper;
import redis.clients.jedis.util.Pool;

/**
 * The connection to Redis, when one is configured: a pool of connections for commands, run on a few
 * threads of the server's managed thread factory so that no container I/O thread ever waits on Redis, and
 * dedicated connections for subscribers. Behind Sentinel every connection goes to the master the sentinels name,
 * and follows it after a failover. Without a Redis setting it does nothing and never dials out.
 */
@ApplicationScoped
public class RedisConnector {

    private static final Logger LOG = Logger.getLogger(RedisConnector.class.getName());
    private static final int CONNECT_TIMEOUT_MILLIS = 2000;
    private static final int READ_TIMEOUT_MILLIS = 2000;
    private static final int COMMAND_THREADS = 8;
    private static final int MAX_QUEUED_COMMANDS = 1024;
    /** The longest wait between two reconnect attempts. */
    public static final long MAX_RECONNECT_DELAY_MILLIS = 2_000;

    private final SympleConfig config;
    private final Scheduler scheduler;
    private volatile String description;
    private volatile HostAndPort fixedServer;
    private volatile JedisSentinelPool sentinelPool;
    private volatile JedisClientConfig clientConfig;
    private volatile Pool<Jedis> pool;
    private volatile ThreadPoolExecutor commands;
    private volatile ThreadFactory threads;
    private volatile OutageLog outages;

    /** For the container's client proxy. */
    protected RedisConnector() {
        this(null, null);
    }

    @Inject
    public RedisConnector(SympleConfig config, Scheduler scheduler) {
        this.config = config;
        this.scheduler = scheduler;
    }

    /**
     * Creates the pool when Redis is configured (behind Sentinel at least one sentinel must answer now, or the start
     * fails with the reason); without a Redis setting it does nothing and never dials out.
     */
    public synchronized void start() {
        if (!config.redis().enabled() || pool != null) {
            return;
        }
        clientConfig = clientConfig(config.redis().url());
        JedisPoolConfig poolConfig = new JedisPoolConfig();
        poolConfig.setMaxTotal(COMMAND_THREADS * 2);
        poolConfig.setMaxIdle(COMMAND_THREADS);
        poolConfig.setMinIdle(0);
        poolConfig.setMaxWait(Duration.ofMillis(1000));
        poolConfig.setJmxEnabled(false);
        Pool<Jedis> created;
        if (config.redis().sentinels().isPresent()) {
            RedisSentinels sentinels = config.redis().sentinels().get();
            sentinelPool = sentinelPool(sentinels, poolConfig, clientConfig);
            created = sentinelPool;
            description = sentinels.describe();
        } else {
            HostAndPort server = JedisURIHelper.getHostAndPort(config.redis().url().get());
            created = new JedisPool(poolConfig, server, clientConfig);
            fixedServer = server;
            description = server.toString();
        }
        threads = ManagedThreads.factory("symple-redis");
        commands = new ThreadPoolExecutor(COMMAND_THREADS, COMMAND_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(MAX_QUEUED_COMMANDS), threads);
        commands.allowCoreThreadTimeOut(true);
        outages = new OutageLog(LOG, description);
        pool = created; // last: a caller that sees the pool sees everything it needs
        LOG.info(() -> "Redis configured at " + description);
    }

    /**
     * A pool that asks the sentinels for the master and listens to them for its replacement. At least one sentinel
     * must answer now, or the deployment fails with the reason.
     */
    private static JedisSentinelPool sentinelPool(RedisSentinels sentinels, JedisPoolConfig poolConfig, JedisClientConfig master) {
        DefaultJedisClientConfig.Builder sentinel = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(CONNECT_TIMEOUT_MILLIS)
                .socketTimeoutMillis(READ_TIMEOUT_MILLIS);
        sentinels.password().ifPresent(sentinel::password);
        Set<HostAndPort> addresses = sentinels.addresses().stream().map(HostAndPort::from).collect(Collectors.toSet());
        return new JedisSentinelPool(sentinels.master(), addresses, poolConfig, master, sentinel.build());
    }

    /** Timeouts, and the database, TLS and credentials of the Redis URL when there is one. */
    private static JedisClientConfig clientConfig(Optional<URI> redisUrl) {
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(CONNECT_TIMEOUT_MILLIS)
                .socketTimeoutMillis(READ_TIMEOUT_MILLIS);
        redisUrl.ifPresent(url -> {
            client.database(JedisURIHelper.getDBIndex(url)).ssl(JedisURIHelper.isRedisSSLScheme(url));
            String password = JedisURIHelper.getPassword(url);
            if (password != null) {
                client.user(JedisURIHelper.getUser(url)).password(password);
            }
        });
        return client.build();
    }

    /** Closes the pool and its command threads. */
    public synchronized void stop() {
        if (commands != null) {
            commands.shutdownNow();
        }
        if (pool != null) {
            pool.close();
        }
    }

    /** Whether a Redis server is configured. */
    public boolean enabled() {
        return config.redis().enabled();
    }

    /** Whether Redis is configured and answered the last command or subscription (no outage in progress). */
    public boolean isAvailable() {
        return enabled() && outages != null && !outages.isDown();
    }

    /** host:port of the configured server (or the sentinels and master name), for log lines. */
    public String server() {
        return String.valueOf(description);
    }

    /**
     * A back-off for reconnect loops: 0.5 s doubling to 2 s, so that every connection is back (and, behind Sentinel,
     * follows a promoted master) within about 2 s of Redis answering again; the cluster relies on that bound to tell
     * an instance that is reconnecting from one that died.
     */
    public Backoff reconnectBackoff() {
        return new Backoff(500, MAX_RECONNECT_DELAY_MILLIS);
    }

    /**
     * Whether Redis was unreachable within the last {@code windowMillis} (or still is): after an outage the other
     * instances were cut off too, so their expired leases say nothing about whether they are alive.
     */
    public boolean recentlyUnavailable(long windowMillis) {
        return outages != null && outages.downWithin(windowMillis);
    }

    /**
     * Runs a command on a pooled connection off the caller's thread. The stage fails with {@link RedisFailure}
     * when Redis is unreachable, refuses the command, or has not answered within {@code timeoutMillis}. A command
     * that fails on a connection broken earlier (Redis restarted) is retried once on a fresh connection.
     */
    public <T> CompletionStage<T> call(Function<Jedis, T> command, long timeoutMillis) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (pool == null) {
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

    /**
     * A connection of its own (not pooled) for a subscriber or the ordered writer, to the current master when
     * Sentinel is used; it blocks in SUBSCRIBE, so no read timeout applies.
     */
    public Jedis dedicatedConnection() {
        if (pool == null) {
            throw new IllegalStateException("Redis is not configured");
        }
        return new Jedis(sentinelPool != null ? sentinelPool.getCurrentHostMaster() : fixedServer, clientConfig);
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
