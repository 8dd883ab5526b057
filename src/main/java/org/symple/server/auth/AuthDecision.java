package org.symple.server.auth;

import java.util.List;

/**
 * An {@link Authenticator}'s answer: allow or deny (with an optional message), extra rooms to join, and an
 * optional canonical user and display name that replace the claimed ones.
 */
public record AuthDecision(boolean allowed, String message, List<String> rooms, String user, String name) {

    public AuthDecision {
        rooms = rooms == null ? List.of() : List.copyOf(rooms);
    }

    public static AuthDecision allow() {
        return new AuthDecision(true, null, List.of(), null, null);
    }

    public static AuthDecision deny(String message) {
        return new AuthDecision(false, message, List.of(), null, null);
    }

    public AuthDecision withRooms(List<String> extraRooms) {
        return new AuthDecision(allowed, message, extraRooms, user, name);
    }

    public AuthDecision withUser(String canonicalUser) {
        return new AuthDecision(allowed, message, rooms, canonicalUser, name);
    }

    public AuthDecision withName(String displayName) {
        return new AuthDecision(allowed, message, rooms, user, displayName);
    }
}
