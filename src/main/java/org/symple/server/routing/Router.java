package org.symple.server.routing;

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
import org.symple.server.cluster.FrameListener;
import org.symple.server.metrics.Metrics;
import org.symple.server.peers.Peer;
import org.symple.server.peers.PeerRegistry;
import org.symple.server.protocol.FrameCodec;
import org.symple.server.protocol.FromRewrite;
import org.symple.server.protocol.OutgoingFrame;
import org.symple.server.runtime.Scheduler;

/**
 * Delivers frames: a frame is serialised once into an {@link OutgoingFrame} that every local recipient's sink shares;
 * peers on other instances get it through the cluster broker, once per instance. This is the one fan-out loop of the
 * server: messages peers send, presence, trusted injections and frames forwarded by other instances all go through
 * it. Who may receive a frame a peer sent is {@link RoutePolicy}'s rule. In a cluster, a frame for another instance's
 * resumable peer goes to the cluster to be numbered and kept ({@link Broker#sequence}) rather than forwarded.
 * <p>
 * Presence decided under the membership lock waits in the {@link DeliveryLine}; a frame a peer sent goes behind
 * whatever waits there, so no frame overtakes the presence of a change made before it was routed.
 */
@ApplicationScoped
public class Router implements FrameListener {

    private final PeerRegistry registry;
    private final Broker broker;
    private final Metrics metrics;
    private final RoutePolicy policy;
    private final DeliveryLine line;

    /** For the container's client proxy. */
    protected Router() {
        registry = null;
        broker = null;
        metrics = null;
        policy = null;
        line = null;
    }

    /** A router whose callers make every delivery of the line themselves. */
    public Router(PeerRegistry registry, Broker broker, Metrics metrics) {
        this(registry, broker, metrics, null);
    }

    /** @param background where the line's long drains go on (a join storm's presence); see {@link DeliveryLine} */
    @Inject
    public Router(PeerRegistry registry, Broker broker, Metrics metrics, Scheduler background) {
        this.registry = registry.unproxied().get();
        this.broker = broker;
        this.metrics = metrics.unproxied().get();
        this.policy = new RoutePolicy(this.registry.rooms(), this.registry::userOf);
        this.line = new DeliveryLine(background);
    }

    /** The line presence decided under the membership lock waits in (see the class comment). */
    public DeliveryLine line() {
        return line;
    }

    /** Who receives a {@code presence} frame that {@code sender} addressed with {@code to} (null when absent). */
    public Set<String> presenceRecipients(String sender, JsonValue to) {
        return policy.presenceRecipients(sender, to);
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
        deliverInTurn(recipients, rewritten != null ? OutgoingFrame.verbatim(rewritten)
                : OutgoingFrame.of(FrameCodec.withFrom(frame, sender.address())), false);
    }

    /** Delivers a frame a peer sent, wherever its recipients are, behind the presence waiting in the line. */
    public void deliverInTurn(Collection<String> recipients, OutgoingFrame frame) {
        deliverInTurn(recipients, frame, false);
    }

    /** Delivers a frame to the given peers, wherever they are; returns how many it was for. */
    public int deliver(Collection<String> recipients, OutgoingFrame frame) {
        return deliver(recipients, frame, false);
    }

    /** Delivers a frame to those of the given peers that are connected to this instance; returns how many. */
    public int deliverLocally(Collection<String> recipients, OutgoingFrame frame) {
        return deliver(recipients, frame, true);
    }

    @Override
    public void deliverForwarded(Collection<String> recipients, OutgoingFrame frame) {
        deliverInTurn(recipients, frame, true);
    }

    /** At once when nothing waits in the line (the common case), else behind what waits there. */
    private void deliverInTurn(Collection<String> recipients, OutgoingFrame frame, boolean localOnly) {
        if (line.isIdle()) {
            deliver(recipients, frame, localOnly);
            return;
        }
        line.add(() -> deliver(recipients, frame, localOnly));
        line.drain();
    }

    /**
     * Hands the frame to each local recipient's sink and the remote ones to the broker, grouped so that each other
     * instance gets the frame once; returns how many recipients it was for.
     */
    private int deliver(Collection<String> recipients, OutgoingFrame frame, boolean localOnly) {
        int delivered = 0;
        Map<String, List<String>> remote = null;
        List<String> numbered = null;
        for (String id : recipients) {
            Peer recipient = registry.getOrNull(id);
            if (recipient == null) {
                continue;
            }
            if (recipient.isLocal()) {
                recipient.sink().deliver(frame);
                delivered++;
            } else if (!localOnly) {
                if (recipient.resumable() && broker.sequences()) {
                    if (numbered == null) {
                        numbered = new ArrayList<>();
                    }
                    numbered.add(id); // a resumable session: the cluster numbers and keeps its frames
                } else {
                    if (remote == null) {
                        remote = new HashMap<>();
                    }
                    remote.computeIfAbsent(recipient.node(), node -> new ArrayList<>()).add(id);
                }
                delivered++;
            }
        }
        if (remote != null) {
            remote.forEach((node, ids) -> broker.forward(node, ids, frame));
        }
        if (numbered != null) {
            broker.sequence(numbered, frame);
        }
        metrics.fannedOut(delivered);
        return delivered;
    }
}
