package org.symple.server.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A client of the {@code resume} extension: it asks for it, keeps the token of its last welcome and the highest
 * {@code seq} it has processed, and comes back with both over a new connection.
 */
public final class ResumingClient implements AutoCloseable {

    private final String user;
    private final List<String> rooms;
    private TestClient connection;
    private String token;
    private long seq;

    private ResumingClient(String user, List<String> rooms) {
        this.user = user;
        this.rooms = rooms;
    }

    /** Connects to {@code uri} as {@code user} in {@code rooms}, asking for resume; returns after the welcome. */
    public static ResumingClient online(URI uri, String user, String... rooms) {
        ResumingClient client = new ResumingClient(user, List.of(rooms));
        client.connect(uri, null);
        return client;
    }

    /** A new connection to {@code uri} that resumes with the last token and seq; returns its welcome. */
    public JsonObject resume(URI uri) {
        return connect(uri, Json.createObjectBuilder().add("token", token).add("seq", seq));
    }

    /** A new connection that resumes with the given token and seq (forged or old ones); returns its welcome. */
    public JsonObject resumeWith(URI uri, String otherToken, long otherSeq) {
        return connect(uri, Json.createObjectBuilder().add("token", otherToken).add("seq", otherSeq));
    }

    private JsonObject connect(URI uri, JsonObjectBuilder resume) {
        if (connection != null) {
            connection.abort();
        }
        connection = TestClient.connect(uri);
        JsonObjectBuilder auth = Json.createObjectBuilder().add("rooms", Json.createArrayBuilder(rooms))
                .add("extensions", Json.createArrayBuilder().add("resume"));
        if (resume != null) {
            auth.add("resume", resume);
        }
        JsonObject welcome = connection.welcome(user, auth);
        token = welcome.getJsonObject("resume").getString("token");
        JsonObject outcome = welcome.getJsonObject("resume");
        if (!outcome.getBoolean("resumed", false)) {
            seq = 0; // a fresh session counts from 1
        }
        return welcome;
    }

    /** The next frame, its seq processed: it must be the one after the last. */
    public JsonObject next(Duration within) {
        JsonObject frame = connection.next(within);
        long number = frame.getJsonNumber("seq").longValue();
        assertEquals(seq + 1, number, () -> "seq after " + seq + ": " + frame);
        seq = number;
        return frame;
    }

    /** Processes frames until {@code count} of {@code type} have arrived; returns those. */
    public List<JsonObject> next(String type, int count, Duration within) {
        List<JsonObject> found = new ArrayList<>();
        long deadline = System.nanoTime() + within.toNanos();
        while (found.size() < count) {
            JsonObject frame = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (type.equals(frame.getString("type", ""))) {
                found.add(frame);
            }
        }
        return found;
    }

    /** Processes whatever arrives until the connection is quiet; returns it. */
    public List<JsonObject> drain() {
        List<JsonObject> frames = new ArrayList<>();
        for (String text = connection.poll(TestClient.QUIET); text != null; text = connection.poll(TestClient.QUIET)) {
            JsonObject frame = TestClient.parse(text);
            seq = frame.getJsonNumber("seq").longValue();
            frames.add(frame);
        }
        return frames;
    }

    public TestClient connection() {
        return connection;
    }

    public String token() {
        return token;
    }

    public long seq() {
        return seq;
    }

    public String address() {
        return connection.address();
    }

    @Override
    public void close() {
        connection.close();
    }
}
