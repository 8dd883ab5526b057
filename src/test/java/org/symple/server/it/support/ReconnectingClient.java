package org.symple.server.it.support;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A client that behaves like an application on symple-client v4 across connections: each connection is a
 * {@link TestClient#jsStyle} client that joins the application's rooms after the welcome and then probes; all of them
 * share one roster that is never cleared; after a close it did not ask for (only if it had been online) it connects
 * again after a fixed 3 s, with a new peer id, and keeps trying every 3 s while the server cannot be reached.
 */
public final class ReconnectingClient implements AutoCloseable {

    /** symple-client's fixed reconnect delay. */
    public static final long RECONNECT_MILLIS = 3000;

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "reconnecting-client-timer");
        thread.setDaemon(true);
        return thread;
    });
    /** Connects run side by side, as separate browsers would: a handshake in progress never holds up another. */
    private static final ExecutorService CONNECTS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "reconnecting-client");
        thread.setDaemon(true);
        return thread;
    });

    private final Supplier<URI> uri;
    private final String user;
    private final List<String> rooms;
    private final Set<String> roster = ConcurrentHashMap.newKeySet();
    private volatile TestClient current;
    private volatile boolean closed;
    private volatile int connections;
    private final AtomicInteger refusals = new AtomicInteger();
    private final List<Long> attemptNanos = new CopyOnWriteArrayList<>();

    private ReconnectingClient(Supplier<URI> uri, String user, List<String> rooms) {
        this.uri = uri;
        this.user = user;
        this.rooms = List.copyOf(rooms);
    }

    /** Connects now; every later connection goes to what {@code uri} gives then. */
    public static ReconnectingClient start(Supplier<URI> uri, String user, String... rooms) {
        ReconnectingClient client = new ReconnectingClient(uri, user, List.of(rooms));
        client.connect();
        return client;
    }

    /** The connection of the moment (a new one after each reconnect). */
    public TestClient connection() {
        return current;
    }

    /** Whether the current connection has been welcomed. */
    public boolean isOnline() {
        TestClient client = current;
        return client != null && client.isOnline() && !client.isClosed();
    }

    /** The address of the current connection ({@code user|id}); null before its welcome. */
    public String address() {
        TestClient client = current;
        return client == null || !client.isOnline() ? null : client.address();
    }

    /** The roster of every connection so far, as symple-client keeps it. */
    public Set<String> roster() {
        return Set.copyOf(roster);
    }

    /** How many connections were opened. */
    public int connections() {
        return connections;
    }

    /** How many attempts ended before a welcome: unreachable, or closed by the server before it let the client in. */
    public int refusals() {
        return refusals.get();
    }

    /** When each connection attempt began (its handshake sent), in {@link System#nanoTime()}. */
    public List<Long> attemptNanos() {
        return List.copyOf(attemptNanos);
    }

    /** Leaves for good: a close frame, and no reconnect. */
    @Override
    public void close() {
        closed = true;
        TestClient client = current;
        if (client != null) {
            client.close();
        }
    }

    private void connect() {
        if (closed) {
            return;
        }
        TestClient client;
        attemptNanos.add(System.nanoTime());
        try {
            client = TestClient.jsStyle(uri.get(), user, roster, rooms);
        } catch (RuntimeException unreachable) {
            refusals.incrementAndGet();
            reconnectLater();
            return;
        }
        connections++;
        current = client;
        client.whenClosed().whenComplete((code, error) -> {
            if (!client.isOnline()) {
                refusals.incrementAndGet();
            }
            reconnectLater(); // also when refused before its welcome
        });
    }

    private void reconnectLater() {
        if (!closed) {
            TIMER.schedule(() -> CONNECTS.execute(this::connect), RECONNECT_MILLIS, TimeUnit.MILLISECONDS);
        }
    }
}
