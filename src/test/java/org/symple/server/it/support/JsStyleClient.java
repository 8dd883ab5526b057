package org.symple.server.it.support;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Speaks like symple-client v4 (JS): auth with empty {@code name} and {@code token}, a presence probe after the
 * welcome, probe answers addressed to the prober's bare session id, and a roster kept from presence frames.
 */
public final class JsStyleClient implements AutoCloseable {

    private final TestClient socket;
    private final Set<String> roster = ConcurrentHashMap.newKeySet();
    private final List<String> chat = new CopyOnWriteArrayList<>();
    private volatile JsonObject peer;

    private JsStyleClient(TestClient socket) {
        this.socket = socket;
    }

    public static JsStyleClient connect(URI uri, String user) {
        JsStyleClient client = new JsStyleClient(TestClient.connect(uri));
        client.socket.send(Json.createObjectBuilder().add("type", "auth").add("user", user).add("name", "").add("token", "").build());
        return client;
    }

    /** Handles every frame received so far; always true, so it can sit inside an await condition. */
    public boolean pump() {
        for (String text = socket.poll(Duration.ZERO); text != null; text = socket.poll(Duration.ZERO)) {
            handle(TestClient.parse(text));
        }
        return true;
    }

    private void handle(JsonObject frame) {
        switch (frame.getString("type", "")) {
            case "welcome" -> {
                peer = frame.getJsonObject("peer");
                socket.send(Json.createObjectBuilder().add("type", "presence").add("probe", true).add("data", peer).build());
            }
            case "presence" -> {
                String from = frame.getString("from");
                if (frame.getJsonObject("data").getBoolean("online", false)) {
                    roster.add(from);
                } else {
                    roster.remove(from);
                }
                if (frame.getBoolean("probe", false) && peer != null) {
                    String bareId = from.substring(from.indexOf('|') + 1);
                    socket.send(Json.createObjectBuilder().add("type", "presence").add("to", bareId).add("data", peer).build());
                }
            }
            case "message" -> chat.add(frame.getJsonObject("data").getString("text", ""));
            default -> { }
        }
    }

    public boolean isOnline() {
        return peer != null;
    }

    public String address() {
        return peer.getString("user") + "|" + peer.getString("id");
    }

    public Set<String> roster() {
        return roster;
    }

    public List<String> chat() {
        return chat;
    }

    /** Joins a room, as the JS client's {@code join} does. */
    public void join(String room) {
        socket.send(Json.createObjectBuilder().add("type", "join").add("room", room).build());
    }

    /** Sends a chat line to a room the way the JS client does, with a plain string address. */
    public void say(String room, String text) {
        socket.send(Json.createObjectBuilder().add("type", "message").add("to", room)
                .add("data", Json.createObjectBuilder().add("text", text)).build());
    }

    @Override
    public void close() {
        socket.close();
    }
}
