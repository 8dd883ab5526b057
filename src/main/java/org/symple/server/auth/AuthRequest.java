package org.symple.server.auth;

import jakarta.json.JsonObject;
import java.util.List;

/**
 * What an {@link Authenticator} decides on: the auth data (the auth frame, merged with the Redis session in
 * token mode, token included), the peer as drafted so far, and the client's address.
 */
public record AuthRequest(JsonObject authData, String user, String name, List<String> rooms, String host) {

    public AuthRequest {
        rooms = List.copyOf(rooms);
    }
}
