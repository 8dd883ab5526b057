package org.symple.server.cluster;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.symple.server.peers.Departure;
import org.symple.server.peers.Peer;
import org.symple.server.protocol.OutgoingFrame;

/**
 * What other instances of a cluster must learn from this one: frames for the peers they hold, and every change
 * of this instance's own peers (arrival, departure, rooms, public object) so that their directories, permission
 * checks and presence stay right. What arrives from the others goes to the {@link DirectoryListener} and the
 * {@link FrameListener}; the broker knows nothing of presence or routing. A single instance uses
 * {@link LocalBroker}, which has nobody to tell. Every method returns at once: none waits on the network.
 */
public interface Broker {

    /** Joins the other instances (lease, sweeper, subscription); called once when the instance starts. */
    void start();

    /** Leaves them: the others hear this instance's peers go offline at once. Called once when it stops. */
    void stop();

    /** Delivers one frame to peers of instance {@code node}; called once per instance and fan-out. */
    void forward(String node, Collection<String> recipients, OutgoingFrame frame);

    /** A peer of this instance was registered in these rooms. */
    void peerArrived(Peer peer, Collection<String> rooms);

    /** A peer of this instance left, as {@code departure} describes. */
    void peerDeparted(Departure departure);

    /** A peer of this instance joined or left a room; {@code rooms} is its room set now. */
    void roomsChanged(Peer peer, Collection<String> rooms);

    /** A peer of this instance changed its public object (remembered presence fields). */
    void peerUpdated(Peer peer);

    /**
     * Whether the cluster numbers and keeps the frames of resumable peers ({@link #sequence}); false for a single
     * instance, whose sessions number their own frames.
     */
    default boolean sequences() {
        return false;
    }

    /**
     * Numbers {@code frame} for each of the resumable peers {@code ids}, keeps it in their records and delivers it to
     * whichever instance holds each now; false when it could not be queued (Redis unavailable).
     */
    default boolean sequence(Collection<String> ids, OutgoingFrame frame) {
        return false;
    }

    /** Writes fields of a resumable session's record (this instance as its owner) and makes it live {@code ttlMillis}. */
    default void resumeWrite(String id, Map<String, String> fields, long ttlMillis) {
    }

    /** Reads a resumable session's record. */
    default CompletionStage<ResumeRecord> resumeRead(String id) {
        return CompletableFuture.completedFuture(new ResumeRecord(Map.of(), false));
    }

    /**
     * Takes the session over for this instance if its token hash is still {@code tokenHash}: the new token hash, this
     * instance as owner; from then on its frames come here. Answers the frames it kept.
     */
    default CompletionStage<ResumeRecord.TakeOver> resumeTakeOver(String id, String tokenHash, String newTokenHash) {
        return CompletableFuture.completedFuture(new ResumeRecord.TakeOver(false, 0, java.util.List.of()));
    }

    /** Forgets a resumable session's record and frames ({@code expired}: its token then reads as expired). */
    default void resumeEnd(String id, boolean expired) {
    }
}
