package org.symple.server.it.support;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A raw Symple client over {@code wss://} with the JDK's WebSocket, trusting what the given TLS context trusts (a
 * test's own certificates), that skips to the next frame of a type.
 */
public final class WssClient implements AutoCloseable {

    private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    private final WebSocket socket;

    private WssClient(URI uri, SSLContext tls) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                .connectTimeout(Duration.ofSeconds(5)).build();
        socket = http.newWebSocketBuilder().buildAsync(uri, new Listener()).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Connects and authenticates as {@code user} in {@code room}; returns once the welcome has arrived. */
    public static WssClient online(URI uri, SSLContext tls, String user, String room) {
        WssClient client = new WssClient(uri, tls);
        client.send(Json.createObjectBuilder().add("type", "auth").add("user", user)
                .add("rooms", Json.createArrayBuilder().add(room)).build());
        JsonObject welcome = client.next("welcome");
        assertNotNull(welcome.getJsonObject("peer").getString("id"));
        return client;
    }

    public void send(JsonObject frame) {
        socket.sendText(frame.toString(), true).orTimeout(5, TimeUnit.SECONDS).join();
    }

    /** The next frame of this type within 10 s, skipping others; fails without one. */
    public JsonObject next(String type) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try {
            for (JsonObject frame = frames.poll(10, TimeUnit.SECONDS); frame != null;
                    frame = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                if (type.equals(frame.getString("type", ""))) {
                    return frame;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("no " + type + " frame within 10 s");
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        socket.abort();
    }

    /** Collects whole text frames. */
    private final class Listener implements WebSocket.Listener {

        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(Json.createReader(new StringReader(partial.toString())).readObject());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
