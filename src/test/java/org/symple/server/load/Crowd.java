package org.symple.server.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A set of clients that connect (at most {@code concurrency} handshakes at a time), authenticate and count their
 * welcomes and presence frames; every other frame goes to {@link #frame}. Callbacks run on the generator thread.
 */
class Crowd implements WsClient.Listener {

    final List<WsClient> clients = new ArrayList<>();
    /** Client {@code first + i} at index i, once it opened. */
    final WsClient[] byLocal;
    final long[] welcomeNanos;
    final int[] presences;
    final String[] peerIds;
    private final Run run;
    private final int first;
    private final int count;
    private final IntFunction<String> group;
    private final IntFunction<String> room;
    private final int concurrency;
    private int next;
    /** Further fields of every auth frame, each starting with a comma (e.g. the extensions asked for). */
    String authExtras = "";
    volatile int welcomed;
    volatile int failed;
    volatile long presenceTotal;

    /** Clients {@code first .. first + count - 1}; user {@code u<i>} joins {@code room(i)} (null: none) at auth. */
    Crowd(Run run, int first, int count, IntFunction<String> group, IntFunction<String> room, int concurrency) {
        this.run = run;
        this.first = first;
        this.count = count;
        this.group = group;
        this.room = room;
        this.concurrency = concurrency;
        this.welcomeNanos = new long[count];
        this.presences = new int[count];
        this.peerIds = new String[count];
        this.byLocal = new WsClient[count];
    }

    /** Starts connecting; returns at once. */
    Crowd start() {
        run.generator().submit(() -> {
            for (int i = 0; i < Math.min(concurrency, count); i++) {
                connectNext();
            }
        });
        return this;
    }

    /** Starts and waits for every welcome; false on timeout. */
    boolean connect(Duration within) {
        start();
        return Scenario.await(run, () -> welcomed + failed >= count, within) && failed == 0;
    }

    private void connectNext() {
        if (next < count) {
            int i = first + next++;
            run.generator().connect(run.uri(group.apply(i), i), i, this);
        }
    }

    int local(WsClient client) {
        return client.index - first;
    }

    @Override
    public void opened(WsClient client, long nanos) {
        clients.add(client);
        byLocal[local(client)] = client;
        client.send(run.auth(client.index, room.apply(client.index), authExtras));
    }

    @Override
    public void text(WsClient client, byte[] bytes, int offset, int length, long nanos) {
        int i = local(client);
        if (welcomeNanos[i] == 0 && Frames.contains(bytes, offset, length, Scenario.WELCOME)) {
            welcomeNanos[i] = nanos - client.startedNanos;
            peerIds[i] = Frames.stringAfter(bytes, offset, length, Scenario.PEER_ID);
            client.peerId = peerIds[i];
            welcomed++;
            connectNext();
            return;
        }
        if (Frames.contains(bytes, offset, length, Scenario.PRESENCE)) {
            presences[i]++;
            presenceTotal++;
        }
        frame(client, i, bytes, offset, length, nanos);
    }

    @Override
    public void closed(WsClient client) {
        int i = local(client);
        if (welcomeNanos[i] == 0) {
            failed++;
            connectNext();
        }
    }

    /** A frame that is neither the welcome; presence frames arrive here too, after being counted. */
    void frame(WsClient client, int local, byte[] bytes, int offset, int length, long nanos) {
    }

    /** Waits until every client counted at least {@code each} presence frames (the WAR's room set-up). */
    boolean awaitPresences(int each, Duration within) {
        return Scenario.await(run, () -> {
            long total = presenceTotal; // read once per poll, scan only when it could be enough
            if (total < (long) each * count) {
                return false;
            }
            for (int p : presences) {
                if (p < each) {
                    return false;
                }
            }
            return true;
        }, within);
    }

    void close() {
        Scenario.closeAll(run, clients);
    }
}
