package org.symple.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.symple.server.peers.Departure;
import org.symple.server.peers.Peer;
import org.symple.server.peers.RecordingSink;
import org.symple.server.protocol.FrameCodec;
import org.symple.server.protocol.OutgoingFrame;

/**
 * What every {@link Broker} must do, whatever carries its messages. A subclass provides the broker under test,
 * reporting to {@link #directory} and {@link #frames}, and the ways its network can fail.
 */
abstract class BrokerContract {

    /** Far below what one call waiting on a silent network would take (the Redis read timeout is 2 s). */
    private static final Duration AT_ONCE = Duration.ofMillis(1500);

    protected final RecordingDirectory directory = new RecordingDirectory();
    protected final RecordingFrames frames = new RecordingFrames();

    /** The broker under test, started, reporting to {@link #directory} and {@link #frames}. */
    abstract Broker broker();

    /** Returns once everything the broker under test sent so far has come back to it, if it ever would. */
    abstract void settle();

    /** Ways to take the broker's network away (applied in turn, never undone within a test), by name. */
    abstract Map<String, Runnable> outages();

    static Peer peer(String id, String user) {
        return new Peer(id, user, user, Peer.DEFAULT_TYPE, null, null, new RecordingSink());
    }

    static OutgoingFrame presenceOf(Peer peer) {
        return OutgoingFrame.of(FrameCodec.presence(peer.address(), peer.toJson(true)));
    }

    /** One call of each method. */
    private void everyMethod(Broker broker, Peer peer) {
        broker.peerArrived(peer, List.of(peer.user(), "team"));
        broker.roomsChanged(peer, List.of(peer.user(), "team", "x"));
        broker.peerUpdated(peer);
        broker.forward("elsewhere", List.of("Q1", "Q2"), presenceOf(peer));
        broker.peerDeparted(Departure.of(peer, List.of(peer.user(), "team", "x"), System.currentTimeMillis()));
    }

    @Test
    void everyMethodReturnsAtOnceAlsoWithoutItsNetwork() {
        Broker broker = broker();
        Peer peer = peer("P1", "alice");
        everyMethod(broker, peer); // warm up
        assertTimeoutPreemptively(AT_ONCE, () -> everyMethod(broker, peer), "connected");
        outages().forEach((outage, apply) -> {
            apply.run();
            for (int round = 0; round < 3; round++) {
                assertTimeoutPreemptively(AT_ONCE, () -> everyMethod(broker, peer), outage);
            }
        });
    }

    @Test
    void aBrokerNeverReportsItsOwnChangesToItsOwnListeners() {
        everyMethod(broker(), peer("P1", "alice"));

        settle();

        assertEquals(List.of(), directory.events());
        assertEquals(List.of(), frames.deliveries());
    }
}
