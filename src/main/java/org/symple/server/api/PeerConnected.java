package org.symple.server.api;

import jakarta.json.JsonObject;

/** CDI event fired after a peer was welcomed and announced; {@code peer} is its public peer object. */
public record PeerConnected(String address, JsonObject peer) {
}
