package org.symple.server.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.symple.server.peers.Departure;
import org.symple.server.peers.Peer;
import org.symple.server.protocol.OutgoingFrame;

/** A broker that only records what it is told, as one line per call, and keeps the frames it was asked to forward. */
public final class RecordingBroker implements Broker {

    /** One {@link #forward} call. */
    public record Forward(String node, List<String> recipients, OutgoingFrame frame) {
    }

    private final List<String> calls = new ArrayList<>();
    private final List<Forward> forwards = new ArrayList<>();

    @Override
    public synchronized void start() {
        calls.add("start");
    }

    @Override
    public synchronized void stop() {
        calls.add("stop");
    }

    @Override
    public synchronized void forward(String node, Collection<String> recipients, OutgoingFrame frame) {
        calls.add("forward " + node + " " + recipients);
        forwards.add(new Forward(node, List.copyOf(recipients), frame));
    }

    @Override
    public synchronized void peerArrived(Peer peer, Collection<String> rooms) {
        calls.add("arrived " + peer.id() + " " + rooms);
    }

    @Override
    public synchronized void peerDeparted(Departure departure) {
        calls.add("departed " + departure.id());
    }

    @Override
    public synchronized void roomsChanged(Peer peer, Collection<String> rooms) {
        calls.add("rooms " + peer.id() + " " + rooms);
    }

    @Override
    public synchronized void peerUpdated(Peer peer) {
        calls.add("updated " + peer.id());
    }

    /** Every call so far, e.g. {@code "arrived A [alice, team]"}, oldest first. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    public synchronized List<Forward> forwards() {
        return List.copyOf(forwards);
    }

    public synchronized void clear() {
        calls.clear();
        forwards.clear();
    }
}
