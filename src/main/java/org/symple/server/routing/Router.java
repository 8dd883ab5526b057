package org.symple.server.routing;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.symple.server.cluster.Broker;
import org.symple.server.cluster.FrameListener;
import org.symple.server.metrics.TrafficHistograms;
import org.symple.server.peers.Peer;
import org.symple.server.peers.PeerRegistry;
import org.symple.server.protocol.FrameCodec;
import org.symple.server.protocol.FromRewrite;
import org.symple.server.protocol.OutgoingFrame;

/**
 * Delivers frames: those a peer sent (with {@code from} rewritten and presence canonicalised), those trusted code
 * injects (verbatim, no permission checks) and those other instances forward. A frame is serialised once into an
 * {@link OutgoingFrame} that every local recipient's sink shares; peers on other instances get it through the
 * cluster broker, once per instance. This is the one fan-out loop of the server; presence uses it too.
 */
@ApplicationScoped
public class Router implements FrameListener {

    @Inject
    PeerRegistry registry;

    @Inject
    Broker broker;

    @Inject
    TrafficHistograms histograms;

    private RoutePolicy policy;

    @PostConstruct
    void init() {
        policy = new RoutePolicy(registry.rooms(), id -> {
            Peer peer = registry.getOrNull(id);
            return peer == null ? null : peer.user();
        });
    }

    /**
     * Routes a {@code message}, {@code command} or {@code event} frame a peer sent as {@code text}: the text goes on
     * as the client wrote it with {@code from} set to the sender's address, without an object model rebuilt and
     * written, unless a textual edit could be read differently (then the parsed object is rebuilt).
     */
    public void routeMessage(Peer sender, JsonObject frame, String text) {
        Set<String> recipients = policy.recipients(sender.id(), frame.get("to"));
        if (recipients.isEmpty()) {
            return;
        }
        String rewritten = FromRewrite.apply(text, sender.quotedAddress());
        deliver(recipients, rewritten != null ? OutgoingFrame.verbatim(rewritten)
                : OutgoingFrame.of(FrameCodec.withFrom(frame, sender.address())), false);
    }

    /** Routes a {@code presence} frame a peer sent: its data canonicalised, remembered, announced when changed. */
    public void routePresence(Peer sender, JsonObject frame) {
        Set<String> recipients = policy.recipients(sender.id(), frame.get("to"));
        JsonObject data = sender.canonicalPresence(frame.get("data"));
        if (sender.rememberPresence(data)) {
            broker.peerUpdated(sender);
        }
        if (!recipients.isEmpty()) {
            JsonObject outgoing = FrameCodec.JSON.createObjectBuilder(frame).add("from", sender.address()).add("data", data).build();
            deliver(recipients, OutgoingFrame.of(outgoing), false);
        }
    }

    /** Delivers a trusted frame verbatim to the given peers, wherever they are; returns how many it was for. */
    public int inject(Collection<String> recipients, JsonObject frame) {
        return deliver(recipients, OutgoingFrame.of(frame), false);
    }

    /** Delivers a frame verbatim to those of the given peers that are connected to this instance. */
    public int injectLocally(Collection<String> recipients, JsonObject frame) {
        return deliver(recipients, OutgoingFrame.of(frame), true);
    }

    /** Delivers a frame to those of the given peers that are connected to this instance. */
    public int deliverLocally(Collection<String> recipients, OutgoingFrame frame) {
        return deliver(recipients, frame, true);
    }

    @Override
    public void deliverForwarded(Collection<String> recipients, OutgoingFrame frame) {
        deliver(recipients, frame, true);
    }

    /**
     * Hands the frame to each local recipient's sink and the remote ones to the broker, grouped so that each other
     * instance gets the frame once; returns how many recipients it was for.
     */
    private int deliver(Collection<String> recipients, OutgoingFrame frame, boolean localOnly) {
        int delivered = 0;
        Map<String, List<String>> remote = null;
        for (String id : recipients) {
            Peer recipient = registry.getOrNull(id);
            if (recipient == null) {
                continue;
            }
            if (recipient.isLocal()) {
                recipient.sink().deliver(frame);
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
            remote.forEach((node, ids) -> broker.forward(node, ids, frame));
        }
        histograms.fannedOut(delivered);
        return delivered;
    }
}
