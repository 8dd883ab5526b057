package org.symple.server.routing;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Collection;
import java.util.Set;
import org.symple.server.cluster.Broker;
import org.symple.server.cluster.RoutedFrame;
import org.symple.server.peers.Peer;
import org.symple.server.peers.PeerRegistry;
import org.symple.server.protocol.FrameCodec;

/**
 * Delivers frames: those a peer sent (with {@code from} rewritten and presence canonicalised, SPEC 5-6) and
 * those trusted code injects (verbatim, SPEC 5.3). A frame is serialised once and the same text is queued for
 * every recipient.
 */
@ApplicationScoped
public class Router {

    @Inject
    PeerRegistry registry;

    @Inject
    Broker broker;

    private RoutePolicy policy;

    @PostConstruct
    void init() {
        policy = new RoutePolicy(registry.rooms(), id -> registry.getOrNull(id) != null);
    }

    /** Routes a {@code message}, {@code presence}, {@code command} or {@code event} frame sent by a peer. */
    public void route(Peer sender, JsonObject frame, boolean presence) {
        JsonValue to = frame.get("to");
        Set<String> recipients = policy.recipients(sender.id(), to);
        JsonObject outgoing;
        if (presence) {
            JsonObject data = sender.canonicalPresence(frame.get("data"));
            sender.rememberPresence(data);
            outgoing = Json.createObjectBuilder(frame).add("from", sender.address()).add("data", data).build();
        } else {
            outgoing = FrameCodec.withFrom(frame, sender.address());
        }
        String text = FrameCodec.write(outgoing);
        deliver(recipients, text, outgoing);
        broker.forward(new RoutedFrame(sender.address(), to, text));
    }

    /** Delivers a trusted frame verbatim to the given peers (no permission checks, no rewriting). */
    public int inject(Collection<String> recipients, JsonObject frame) {
        return deliver(recipients, FrameCodec.write(frame), frame);
    }

    private int deliver(Collection<String> recipients, String text, JsonObject frame) {
        int delivered = 0;
        for (String id : recipients) {
            Peer recipient = registry.getOrNull(id);
            if (recipient != null) {
                recipient.sink().deliver(text, frame);
                delivered++;
            }
        }
        return delivered;
    }
}
