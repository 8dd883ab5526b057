package org.symple.server.lifecycle;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.ObjectName;
import org.symple.server.admin.JmxRegistration;
import org.symple.server.admin.PrometheusExport;
import org.symple.server.admin.ServerStats;
import org.symple.server.auth.SessionRefresher;
import org.symple.server.cluster.Broker;
import org.symple.server.config.SympleConfig;
import org.symple.server.connection.Drain;
import org.symple.server.connection.Heartbeat;
import org.symple.server.emission.EmissionSubscriber;
import org.symple.server.metrics.Metrics;
import org.symple.server.presence.PresenceService;
import org.symple.server.resume.ResumeService;
import org.symple.server.redis.RedisConnector;
import org.symple.server.runtime.Scheduler;

/**
 * The one owner of the instance's start and stop order. Start, when the application starts: Redis, the departures
 * kept by the last run (without Redis), the cluster (lease, sweeper, subscription), the emission subscriber, the heartbeat and send watchdog, the resume sweep, the figures with their
 * MBean and Prometheus registry, the JVM stop hook. Stop, once, from whichever comes first of the JVM stop hook, the
 * web application's end, the runner's close or this bean's destruction: the drain (no new connections, the notice,
 * the closes, spread out), the parked resumable peers (they depart), the departures for the next run (without Redis), leaving the cluster, the subscriber, session refreshes, timers, the MBean, Redis, the scheduler. A
 * second caller returns only once the first one's drain is over, so no stop path tears sockets down mid-drain.
 */
@ApplicationScoped
public class Lifecycle {

    private static final Logger LOG = Logger.getLogger(Lifecycle.class.getName());
    private static final long SECOND_STOP_WAIT_MILLIS = 5000;

    private final SympleConfig config;
    private final Scheduler scheduler;
    private final RedisConnector redis;
    private final Broker broker;
    private final EmissionSubscriber emission;
    private final SessionRefresher sessions;
    private final Heartbeat heartbeat;
    private final Drain drain;
    private final PresenceService presence;
    private final ResumeService resumes;
    private final Metrics metrics;
    private final BeanManager beans;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile ServerStats stats;
    private volatile PrometheusRegistry prometheus;
    private ObjectName mbean;
    private StopSignalHook stopHook;
    private DepartureFile departureFile;

    /** For the container's client proxy. */
    protected Lifecycle() {
        this(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    @Inject
    public Lifecycle(SympleConfig config, Scheduler scheduler, RedisConnector redis, Broker broker,
            EmissionSubscriber emission, SessionRefresher sessions, Heartbeat heartbeat, Drain drain,
            PresenceService presence, ResumeService resumes, Metrics metrics, BeanManager beans) {
        this.config = config;
        this.scheduler = scheduler;
        this.redis = redis;
        this.broker = broker;
        this.emission = emission;
        this.sessions = sessions;
        this.heartbeat = heartbeat;
        this.drain = drain;
        this.presence = presence;
        this.resumes = resumes;
        this.metrics = metrics;
        this.beans = beans;
    }

    /** The application started; in a web application the payload is its servlet context (its path names the MBean). */
    void started(@Observes @Initialized(ApplicationScoped.class) Object application) {
        start(application instanceof ServletContext context ? context.getContextPath() : "/");
    }

    private synchronized void start(String contextPath) {
        if (stats != null) {
            return;
        }
        redis.start();
        if (!config.clustered()) {
            departureFile = new DepartureFile(contextPath, config.listen().port());
            presence.departuresLearned(departureFile.take());
        }
        broker.start();
        emission.start();
        heartbeat.start();
        resumes.start();
        ServerStats figures = ServerStats.of(beans);
        prometheus = PrometheusExport.registry(figures, metrics);
        mbean = JmxRegistration.register(figures, contextPath);
        stats = figures;
        stopHook = new StopSignalHook(this::stop);
        stopHook.install();
        LOG.info(() -> "Symple server started (" + config.describe() + ")");
    }

    /** The figures of this instance; null before it started. */
    public ServerStats stats() {
        return stats;
    }

    /** The Prometheus registry of this instance; null before it started. */
    public PrometheusRegistry prometheus() {
        return prometheus;
    }

    /** Stops the instance in order; runs once, later callers wait for it (a few seconds at most). */
    public void stop() {
        if (!stopping.compareAndSet(false, true)) {
            awaitStopped();
            return;
        }
        try {
            synchronized (this) {
                if (stopHook != null) {
                    stopHook.remove();
                }
            }
            drain.run();
            step("resume", resumes::stop);
            synchronized (this) {
                if (departureFile != null) {
                    step("departures", () -> departureFile.save(presence.departuresAtStop()));
                }
            }
            step("cluster", broker::stop);
            step("emission", emission::stop);
            step("sessions", sessions::stop);
            step("heartbeat", heartbeat::stop);
            synchronized (this) {
                JmxRegistration.unregister(mbean);
                mbean = null;
            }
            step("redis", redis::stop);
            step("timers", scheduler::stop);
        } finally {
            stopped.countDown();
        }
    }

    /** Where the container destroys the application without a stop first (plain CDI). */
    @PreDestroy
    void destroyed() {
        stop();
    }

    private void awaitStopped() {
        try {
            stopped.await(SECOND_STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One stop step; a failure is logged and the next step still runs. */
    private static void step(String name, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Stopping " + name + " failed", e);
        }
    }
}
