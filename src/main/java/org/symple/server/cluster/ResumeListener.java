package org.symple.server.cluster;

import java.util.Collection;
import org.symple.server.peers.Peer;
import org.symple.server.protocol.OutgoingFrame;

/** What the broker reports about resumable sessions (the {@code resume} extension) in a cluster. */
public interface ResumeListener {

    /** A frame the cluster numbered for a resumable peer of this instance ({@code frame.seq()} set). */
    void sequenced(String id, OutgoingFrame frame);

    /** A frame for a resumable peer of this instance that the cluster could not number (its record is lost). */
    void unnumbered(String id, OutgoingFrame frame);

    /**
     * A resumable peer is online on another instance ({@code peer.node()}): if this instance held its session, the
     * session was resumed there: {@code peer} is it there, in {@code rooms}.
     * Nobody must hear of it: it stays online.
     */
    void movedAway(Peer peer, Collection<String> rooms);
}
