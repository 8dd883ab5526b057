package org.symple.server.auth;

import jakarta.json.JsonObject;
import java.util.List;

/**
 * The outcome of a successful authentication: who the peer is, its rooms (user room first) and extra fields, and
 * in token mode the session token, which stays inside the server (it is left out of {@link #toString()}).
 */
public record Identity(String user, String name, List<String> rooms, JsonObject extras, String sessionToken) {

    public Identity {
        rooms = List.copyOf(rooms);
    }

    /** An identity without a token session (anonymous mode). */
    public Identity(String user, String name, List<String> rooms, JsonObject extras) {
        this(user, name, rooms, extras, null);
    }

    @Override
    public String toString() {
        return "Identity[user=" + user + ", name=" + name + ", rooms=" + rooms + ", session="
                + (sessionToken == null ? "none" : "token") + "]";
    }
}
