package org.symple.server.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.symple.server.protocol.OutgoingFrame;

/** A frame listener that keeps every forwarded frame with its recipients. */
final class RecordingFrames implements FrameListener {

    /** One forwarded frame. */
    record Delivery(List<String> recipients, OutgoingFrame frame) {
    }

    private final List<Delivery> deliveries = new ArrayList<>();

    @Override
    public synchronized void deliverForwarded(Collection<String> recipients, OutgoingFrame frame) {
        deliveries.add(new Delivery(List.copyOf(recipients), frame));
    }

    synchronized List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** Takes out the deliveries addressed to {@code recipient} (markers a test sent itself); returns how many. */
    synchronized int removeFor(String recipient) {
        int before = deliveries.size();
        deliveries.removeIf(delivery -> delivery.recipients().contains(recipient));
        return before - deliveries.size();
    }
}
