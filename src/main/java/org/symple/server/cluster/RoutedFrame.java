package org.symple.server.cluster;

import jakarta.json.JsonValue;

/** A frame routed on this instance: the sender's address, the original {@code to} (null if absent) and the text sent. */
public record RoutedFrame(String from, JsonValue to, String text) {
}
