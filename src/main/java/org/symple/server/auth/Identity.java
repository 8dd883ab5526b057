package org.symple.server.auth;

import jakarta.json.JsonObject;
import java.util.List;

/** The outcome of a successful authentication: who the peer is, its rooms (user room first) and extra fields. */
public record Identity(String user, String name, List<String> rooms, JsonObject extras) {

    public Identity {
        rooms = List.copyOf(rooms);
    }
}
