package org.symple.server.cluster;

import java.util.Collection;
import org.symple.server.peers.Peer;
import org.symple.server.protocol.OutgoingFrame;

/** What the broker reports about resumable sessions (the {@code resume} extension) in a cluster. */
public interface ResumeListener {

    /** A frame the cluster numbered for a resumable peer of this instance ({@code frame.seq()} set). */
    void sequenced(String id, OutgoingFrame frame);

    /**
     * A resumable peer of this instance was resumed on another instance: {@code peer} is it there, in {@code rooms}.
     * Nobody must hear of it: it stays online.
     */
    void movedAway(Peer peer, Collection<String> rooms);
}
