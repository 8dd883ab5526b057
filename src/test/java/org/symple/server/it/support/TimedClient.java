package org.symple.server.it.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A reading client that stamps every text frame with {@link System#nanoTime()} the moment it is complete, for
 * latency measurements in the same JVM as the sender. It always reads and answers pings (the JDK does).
 */
public final class TimedClient implements AutoCloseable {

    /** One received frame and when it was complete. */
    public record Arrival(long nanos, String text) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final List<Arrival> arrivals = new ArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private TimedClient(URI uri) {
        socket = HTTP.newWebSocketBuilder().buildAsync(uri, new Listener()).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Connects and sends an auth frame for {@code user} in {@code rooms}; the welcome is among the arrivals. */
    public static TimedClient online(URI uri, String user, String... rooms) {
        TimedClient client = new TimedClient(uri);
        StringBuilder auth = new StringBuilder("{\"type\":\"auth\",\"user\":\"").append(user).append("\",\"rooms\":[");
        for (int i = 0; i < rooms.length; i++) {
            auth.append(i == 0 ? "" : ",").append('"').append(rooms[i]).append('"');
        }
        client.send(auth.append("]}").toString());
        return client;
    }

    public void send(String text) {
        socket.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** A copy of every arrival so far. */
    public synchronized List<Arrival> arrivals() {
        return new ArrayList<>(arrivals);
    }

    /** The first arrival whose text matches, or null. */
    public synchronized Arrival first(Predicate<String> test) {
        for (Arrival arrival : arrivals) {
            if (test.test(arrival.text())) {
                return arrival;
            }
        }
        return null;
    }

    public synchronized long count(Predicate<String> test) {
        return arrivals.stream().filter(arrival -> test.test(arrival.text())).count();
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** Fails when the server closed this client. */
    public void assertOpen() {
        if (closed.isDone()) {
            throw new AssertionError("closed by the server with " + closed.join());
        }
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        }
        socket.abort();
    }

    private synchronized void add(Arrival arrival) {
        arrivals.add(arrival);
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                add(new Arrival(System.nanoTime(), partial.toString()));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(1006);
        }
    }
}
