package org.symple.server.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;

/**
 * The Symple client of the integration tests, over the JDK's WebSocket: it records every frame it receives, its
 * pongs and how the server closed it, sends any text, binary frame, ping or handshake header, and can speak like
 * symple-client v4 (JS) (see {@link #jsStyle}). "Receives" waits up to 3 s (a loaded machine can hold a frame that
 * long; only a failing test waits it out) and "quiet" means no frame within 300 ms.
 */
public final class TestClient implements AutoCloseable {

    public static final Duration RECEIVE = Duration.ofSeconds(3);
    public static final Duration QUIET = Duration.ofMillis(300);
    /** The first frame after a server start can take longer than later ones (class loading, CDI start-up). */
    public static final Duration WELCOME = Duration.ofSeconds(5);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** One received frame and when it was complete ({@link System#nanoTime()}), for latency measurements. */
    public record Arrival(long nanos, String text) {
    }

    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final List<Arrival> arrivals = new ArrayList<>();
    private final BlockingQueue<ByteBuffer> pongs = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;
    private final Object sending = new Object();
    private final AtomicInteger syncs = new AtomicInteger();
    /** Whether it reacts to frames as symple-client v4 does, keeping {@link #roster} and {@link #chat}. */
    private final boolean jsStyle;
    private final Set<String> roster;
    /** The rooms a {@link #jsStyle} client joins after the welcome, before its probe. */
    private final List<String> roomsToJoin;
    /** Whether a {@link #jsStyle} client probes after the welcome (one with batched presence has no need to). */
    private volatile boolean probes = true;
    private final List<String> chat = new CopyOnWriteArrayList<>();
    private volatile String id;
    private volatile String user;
    private volatile JsonObject welcome;

    private TestClient(URI uri, Map<String, String> headers, boolean jsStyle) {
        this(HTTP, uri, headers, jsStyle, ConcurrentHashMap.newKeySet(), List.of());
    }

    private TestClient(HttpClient http, URI uri, Map<String, String> headers, boolean jsStyle, Set<String> roster,
            List<String> roomsToJoin) {
        this.jsStyle = jsStyle;
        this.roster = roster;
        this.roomsToJoin = List.copyOf(roomsToJoin);
        WebSocket.Builder builder = http.newWebSocketBuilder();
        headers.forEach(builder::header);
        socket = builder.buildAsync(uri, new Listener()).orTimeout(30, TimeUnit.SECONDS).join(); // a guard: a loaded machine is slow
    }

    public static TestClient connect(URI uri) {
        return new TestClient(uri, Map.of(), false);
    }

    /** Connects with these handshake headers (Origin, proxy headers). */
    public static TestClient connect(URI uri, Map<String, String> headers) {
        return new TestClient(uri, headers, false);
    }

    /**
     * Connects and speaks like symple-client v4 (JS): auth with empty {@code name} and {@code token}, a presence
     * probe after the welcome, probe answers addressed to the prober's bare session id, a roster kept from presence
     * frames and the text of chat messages; all of it as frames arrive. The welcome is not awaited: see
     * {@link #isOnline()}.
     */
    public static TestClient jsStyle(URI uri, String user) {
        return jsStyle(uri, user, ConcurrentHashMap.newKeySet(), List.of());
    }

    /**
     * As {@link #jsStyle(URI, String)}, with the application's part too: after the welcome it joins {@code rooms}
     * (before the probe, as an application joining in its connect handler does), and it keeps its peers in
     * {@code roster} as symple-client does: its own address is added at the welcome, an address is added on
     * {@code online:true} and removed only on {@code online:false} for it, and nothing ever clears it, so a roster
     * shared by the connections of one reconnecting client keeps whatever nobody said was gone.
     */
    public static TestClient jsStyle(URI uri, String user, Set<String> roster, List<String> rooms) {
        return jsStyle(uri, user, roster, rooms, List.of());
    }

    /**
     * As above, asking in its auth frame for these protocol extensions; with {@code presence-batch} it reads
     * {@code presence:batch} frames and does not probe (the batched snapshots tell it who is there).
     */
    public static TestClient jsStyle(URI uri, String user, Set<String> roster, List<String> rooms, List<String> extensions) {
        TestClient client = new TestClient(HTTP, uri, Map.of(), true, roster, rooms);
        client.probes = !extensions.contains("presence-batch");
        JsonObjectBuilder auth = Json.createObjectBuilder().add("type", "auth").add("user", user).add("name", "").add("token", "");
        if (!extensions.isEmpty()) {
            auth.add("extensions", Json.createArrayBuilder(extensions));
        }
        client.send(auth.build());
        return client;
    }

    /** Connects over {@code wss://}, trusting what {@code tls} trusts (a test's own certificates). */
    public static TestClient connect(URI uri, SSLContext tls) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                .connectTimeout(Duration.ofSeconds(5)).build();
        return new TestClient(http, uri, Map.of(), false, ConcurrentHashMap.newKeySet(), List.of());
    }

    /** The HTTP status with which the server refused the upgrade, or 101 when it accepted it. */
    public static int handshakeStatus(URI uri, Map<String, String> headers) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder();
        headers.forEach(builder::header);
        try {
            builder.buildAsync(uri, new WebSocket.Listener() { }).orTimeout(10, TimeUnit.SECONDS).join().abort();
            return 101;
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof java.net.http.WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    /** Connects and sends an auth frame for {@code user} in {@code rooms} without waiting for the welcome. */
    public static TestClient authenticating(URI uri, String user, String... rooms) {
        TestClient client = connect(uri);
        client.send(Json.createObjectBuilder().add("type", "auth").add("user", user)
                .add("rooms", Json.createArrayBuilder(List.of(rooms))).build());
        return client;
    }

    /** Connects and authenticates; the welcome is consumed and the session id remembered. */
    public static TestClient online(URI uri, String user, JsonObjectBuilder extra) {
        TestClient client = connect(uri);
        client.welcome(user, extra);
        return client;
    }

    public static TestClient online(URI uri, String user, String... rooms) {
        return connect(uri).authenticate(user, rooms);
    }

    /** Authenticates as {@code user} starting in {@code rooms}; returns once the welcome has arrived. */
    public TestClient authenticate(String user, String... rooms) {
        JsonObjectBuilder extra = Json.createObjectBuilder();
        if (rooms.length > 0) {
            extra.add("rooms", Json.createArrayBuilder(List.of(rooms)));
        }
        welcome(user, extra);
        return this;
    }

    /** Sends an auth frame for {@code user} plus the extra fields and returns the welcome. */
    public JsonObject welcome(String userName, JsonObjectBuilder extra) {
        send(extra.add("type", "auth").add("user", userName).build());
        JsonObject answer = next(WELCOME);
        assertEquals("welcome", answer.getString("type"), () -> "expected welcome, got " + answer);
        welcomed(answer);
        return answer;
    }

    private void welcomed(JsonObject frame) {
        id = frame.getJsonObject("peer").getString("id");
        user = frame.getJsonObject("peer").getString("user");
        welcome = frame;
    }

    /** Whether the welcome arrived. */
    public boolean isOnline() {
        return welcome != null;
    }

    /** The welcome this client received, or null before it authenticated. */
    public JsonObject welcomeFrame() {
        return welcome;
    }

    /** The rooms of the welcome, in order. */
    public List<String> welcomeRooms() {
        return welcome.getJsonArray("rooms").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    public String id() {
        return id;
    }

    /** The full address {@code user|id}. */
    public String address() {
        return user + "|" + id;
    }

    /** Sends one text frame; safe from several threads (the JDK client refuses a send while another is pending). */
    public void send(String text) {
        synchronized (sending) {
            socket.sendText(text, true).orTimeout(5, TimeUnit.SECONDS).join();
        }
    }

    public void send(JsonObject frame) {
        send(frame.toString());
    }

    public void sendBinary(byte[] bytes) {
        synchronized (sending) {
            socket.sendBinary(ByteBuffer.wrap(bytes), true).orTimeout(5, TimeUnit.SECONDS).join();
        }
    }

    public void ping(String payload) {
        synchronized (sending) {
            socket.sendPing(ByteBuffer.wrap(payload.getBytes())).orTimeout(5, TimeUnit.SECONDS).join();
        }
    }

    public ByteBuffer nextPong() {
        return poll(pongs, RECEIVE.multipliedBy(4));
    }

    /**
     * Pings and waits for that ping's pong: the server answers in order, so by then it has read everything sent
     * before. False when the connection closed, or no pong came, within {@code within}.
     */
    public boolean sync(Duration within) {
        String marker = "sync-" + syncs.incrementAndGet();
        try {
            ping(marker);
        } catch (RuntimeException closed) {
            return false;
        }
        long deadline = System.nanoTime() + within.toNanos();
        while (!closed.isDone() && System.nanoTime() < deadline) {
            ByteBuffer pong = poll(pongs, Duration.ofMillis(50));
            if (pong != null && marker.equals(StandardCharsets.UTF_8.decode(pong).toString())) {
                return true;
            }
        }
        return false;
    }

    /** The next frame as text, failing after the receive window. */
    public String nextText() {
        String text = poll(frames, RECEIVE);
        assertNotNull(text, "expected a frame within " + RECEIVE.toMillis() + " ms");
        return text;
    }

    public String nextText(Duration within) {
        String text = poll(frames, within);
        assertNotNull(text, "expected a frame within " + within.toMillis() + " ms");
        return text;
    }

    public JsonObject next() {
        return parse(nextText());
    }

    public JsonObject next(Duration within) {
        return parse(nextText(within));
    }

    /** The next frame if one arrives within {@code within}, else null. */
    public String poll(Duration within) {
        return poll(frames, within);
    }

    /** The next frame of this type within {@code within}, skipping frames of other types; fails without one. */
    public JsonObject next(String type, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        for (String text = poll(frames, within); text != null;
                text = poll(frames, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
            JsonObject frame = parse(text);
            if (type.equals(frame.getString("type", ""))) {
                return frame;
            }
        }
        return fail("no " + type + " frame within " + within.toMillis() + " ms");
    }

    /** Asserts that nothing arrives within the quiet window. */
    public void assertQuiet() {
        String text = poll(frames, QUIET);
        assertNull(text, () -> "expected no frame, got " + text);
    }

    /** Discards whatever arrives until the connection has been quiet for the quiet window. */
    public List<JsonObject> drain() {
        List<JsonObject> drained = new ArrayList<>();
        for (String text = poll(frames, QUIET); text != null; text = poll(frames, QUIET)) {
            drained.add(parse(text));
        }
        return drained;
    }

    /** The close code the server sent, waiting up to {@code within}. */
    public int awaitClose(Duration within) {
        return closeCode(within).orElseGet(() -> fail("connection not closed within " + within.toMillis() + " ms"));
    }

    /** The close code the server sent (1006 for a connection that ended without one), if it closed within {@code within}. */
    public OptionalInt closeCode(Duration within) {
        try {
            return OptionalInt.of(closed.get(within.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException | ExecutionException stillOpen) {
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** Completes with the close code when the connection ends (1006 without a close frame). */
    public CompletableFuture<Integer> whenClosed() {
        return closed;
    }

    /** Fails when the server closed this client. */
    public void assertOpen() {
        if (closed.isDone()) {
            throw new AssertionError("closed by the server with " + closed.join());
        }
    }

    /** Every frame received so far with its arrival time, whether or not it was consumed. */
    public List<Arrival> arrivals() {
        synchronized (arrivals) {
            return new ArrayList<>(arrivals);
        }
    }

    /** The first received frame whose text matches, or null. */
    public Arrival first(Predicate<String> test) {
        return arrivals().stream().filter(arrival -> test.test(arrival.text())).findFirst().orElse(null);
    }

    /** How many received frames match. */
    public long count(Predicate<String> test) {
        return arrivals().stream().filter(arrival -> test.test(arrival.text())).count();
    }

    /** The peers a {@link #jsStyle} client sees online, by full address. */
    public Set<String> roster() {
        return roster;
    }

    /** The text of every chat message a {@link #jsStyle} client received. */
    public List<String> chat() {
        return chat;
    }

    /** Joins a room, as the JS client's {@code join} does. */
    public void join(String room) {
        send(Json.createObjectBuilder().add("type", "join").add("room", room).build());
    }

    /** Sends a chat line to a room the way the JS client does, with a plain string address. */
    public void say(String room, String text) {
        send(Json.createObjectBuilder().add("type", "message").add("to", room)
                .add("data", Json.createObjectBuilder().add("text", text)).build());
    }

    /** Sends a close frame (waiting up to 5 s for it to go out), then drops the connection. */
    @Override
    public void close() {
        synchronized (sending) {
            if (!socket.isOutputClosed()) {
                try {
                    socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
                } catch (Exception alreadyGone) {
                    // closed by the server meanwhile, or the output is stuck: dropped below all the same
                }
            }
        }
        socket.abort();
    }

    /** Drops the TCP connection without a closing handshake. */
    public void abort() {
        socket.abort();
    }

    /** What symple-client v4 does with a frame: probe after the welcome, answer probes, keep the roster and the chat. */
    private void reactLikeSympleClient(JsonObject frame) {
        switch (frame.getString("type", "")) {
            case "welcome" -> {
                welcomed(frame);
                roster.add(address());
                roomsToJoin.forEach(this::join);
                if (probes) {
                    send(Json.createObjectBuilder().add("type", "presence").add("probe", true)
                            .add("data", frame.getJsonObject("peer")).build());
                }
            }
            case "presence:batch" -> frame.getJsonArray("peers").getValuesAs(JsonObject.class).forEach(this::rosterFact);
            case "presence" -> {
                String from = frame.getString("from");
                rosterFact(frame.getJsonObject("data"));
                if (frame.getBoolean("probe", false) && welcome != null) {
                    String bareId = from.substring(from.indexOf('|') + 1);
                    send(Json.createObjectBuilder().add("type", "presence").add("to", bareId)
                            .add("data", welcome.getJsonObject("peer")).build());
                }
            }
            case "message" -> chat.add(frame.getJsonObject("data").getString("text", ""));
            default -> { }
        }
    }

    /** A presence fact applied to the roster as symple-client does: added on online, removed only on offline. */
    private void rosterFact(JsonObject data) {
        String peer = data.getString("user", "") + "|" + data.getString("id", "");
        if (data.getBoolean("online", false)) {
            roster.add(peer);
        } else {
            roster.remove(peer);
        }
    }

    public static JsonObject parse(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    private static <T> T poll(BlockingQueue<T> queue, Duration within) {
        try {
            return queue.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                synchronized (arrivals) {
                    arrivals.add(new Arrival(System.nanoTime(), text));
                }
                frames.add(text);
                partial.setLength(0);
                if (jsStyle) {
                    reactLikeSympleClient(parse(text));
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            pongs.add(message);
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
