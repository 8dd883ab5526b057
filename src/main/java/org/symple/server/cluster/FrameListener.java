package org.symple.server.cluster;

import java.util.Collection;
import org.symple.server.protocol.OutgoingFrame;

/** Receives the frames that other instances routed to peers of this one. */
public interface FrameListener {

    /** Delivers one frame to those of the recipients that are connected here. */
    void deliverForwarded(Collection<String> recipients, OutgoingFrame frame);
}
