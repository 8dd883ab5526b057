package org.symple.server.emission;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.symple.server.peers.PeerRegistry;
import org.symple.server.protocol.FrameCodec;
import org.symple.server.protocol.OutgoingFrame;
import org.symple.server.redis.RedisConnector;
import org.symple.server.redis.Subscription;
import org.symple.server.routing.Router;
import org.symple.server.runtime.Scheduler;

/**
 * Server-side emission: while Redis is configured, a lasting {@link Subscription} to {@code symple:broadcast}
 * hands each published object to the local peers {@link Emission} picks. Every instance receives each
 * publication itself, so each one serves only its own peers.
 */
@ApplicationScoped
public class EmissionSubscriber implements Subscription.Handler {

    private static final Logger LOG = Logger.getLogger(EmissionSubscriber.class.getName());
    private static final long STOP_WAIT_MILLIS = 2000;

    private final RedisConnector redis;
    private final PeerRegistry registry;
    private final Router router;
    private final Scheduler scheduler;
    private Subscription subscription;

    /** For the container's client proxy. */
    protected EmissionSubscriber() {
        this(null, null, null, null);
    }

    @Inject
    public EmissionSubscriber(RedisConnector redis, PeerRegistry registry, Router router, Scheduler scheduler) {
        this.redis = redis;
        this.registry = registry;
        this.router = router;
        this.scheduler = scheduler;
    }

    /** Subscribes to {@code symple:broadcast} when Redis is configured. */
    public synchronized void start() {
        if (redis.enabled() && subscription == null) {
            subscription = new Subscription(redis, scheduler, List.of(Emission.CHANNEL), this);
            subscription.start();
        }
    }

    public synchronized void stop() {
        if (subscription != null) {
            subscription.stop(STOP_WAIT_MILLIS);
        }
    }

    @Override
    public void subscribed() {
        LOG.fine(() -> "Receiving " + Emission.CHANNEL);
    }

    @Override
    public void message(String channel, String message) {
        deliver(message);
    }

    /** Delivers one published payload; anything that is not a JSON object is ignored. */
    void deliver(String payload) {
        Optional<JsonObject> published = FrameCodec.parseObject(payload);
        if (published.isEmpty()) {
            LOG.fine("Ignored a publication on " + Emission.CHANNEL + " that is not a JSON object");
            return;
        }
        Set<String> recipients = Emission.recipients(published.get(), registry.rooms());
        if (!recipients.isEmpty()) {
            router.deliverLocally(recipients, OutgoingFrame.of(published.get()));
        }
    }
}
