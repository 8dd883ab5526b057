package org.symple.server.routing;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.symple.server.cluster.Broker;
import org.symple.server.metrics.TrafficHistograms;
import org.symple.server.peers.Peer;
import org.symple.server.peers.PeerRegistry;
import org.symple.server.protocol.FrameCodec;

/**
 * Delivers frames: those a peer sent (with {@code from} rewritten and presence canonicalised, SPEC 5-6) and
 * those trusted code injects (verbatim, SPEC 5.3). A frame is serialised once and the same text is queued for
 * every local recipient; peers on other instances get it through the cluster broker, once per instance.
 */
@ApplicationScoped
public class Router {

    @Inject
    PeerRegistry registry;

    @Inject
    Broker broker;

    @Inject
    TrafficHistograms histograms;

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
            if (sender.rememberPresence(data)) {
                broker.peerUpdated(sender);
            }
            outgoing = FrameCodec.JSON.createObjectBuilder(frame).add("from", sender.address()).add("data", data).build();
        } else {
            outgoing = FrameCodec.withFrom(frame, sender.address());
        }
        deliver(recipients, FrameCodec.write(outgoing), outgoing, false);
    }

    /** Delivers a trusted frame verbatim to the given peers, wherever they are (no permission checks, no rewriting). */
    public int inject(Collection<String> recipients, JsonObject frame) {
        return deliver(recipients, FrameCodec.write(frame), frame, false);
    }

    /** Delivers a frame verbatim to those of the given peers that are connected to this instance. */
    public int injectLocally(Collection<String> recipients, JsonObject frame) {
        return deliver(recipients, FrameCodec.write(frame), frame, true);
    }

    /** Delivers a frame another instance routed to peers of this one. */
    public void deliverForwarded(Collection<String> recipients, String text) {
        deliver(recipients, text, null, true);
    }

    /**
     * Queues the text for each local recipient and hands the remote ones to the broker, grouped so that each other
     * instance gets the frame once.
     */
    private int deliver(Collection<String> recipients, String text, JsonObject frame, boolean localOnly) {
        int delivered = 0;
        Map<String, List<String>> remote = null;
        for (String id : recipients) {
            Peer recipient = registry.getOrNull(id);
            if (recipient == null) {
                continue;
            }
            if (recipient.isLocal()) {
                recipient.sink().deliver(text, frame);
                delivered++;
            } else if (!localOnly) {
                if (remote == null) {
                    remote = new HashMap<>();
                }
                remote.computeIfAbsent(recipient.node(), node -> new ArrayList<>()).add(id);
                delivered++;
            }
        }
        if (remote != null) {
            remote.forEach((node, ids) -> broker.forward(node, ids, text));
        }
        histograms.fannedOut(delivered);
        return delivered;
    }
}
