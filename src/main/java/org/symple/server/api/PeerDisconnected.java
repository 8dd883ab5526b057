package org.symple.server.api;

import jakarta.json.JsonObject;

/** CDI event fired after a peer left (socket closed or virtual peer removed); {@code peer} is its last public object. */
public record PeerDisconnected(String address, JsonObject peer) {
}
