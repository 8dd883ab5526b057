package org.symple.server.protocol;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The extensions of the protocol this server offers. The welcome lists those on offer ({@code "extensions"}); a client
 * asks for one by listing its name in its {@code auth} frame's {@code "extensions"}, and only a session that asked ever
 * receives a new frame type or a field that changes meaning. Each is specified in docs/protocol.md.
 */
public enum Extension {
    /** {@code ice:refresh} answered with {@code ice:servers}: fresh TURN credentials without reconnecting. */
    ICE_REFRESH("ice-refresh"),
    /** Server presence as {@code presence:batch} frames listing many peers instead of one frame per peer. */
    PRESENCE_BATCH("presence-batch"),
    /** A lost connection comes back as the same peer: a token in the welcome, {@code seq} on every frame, replay. */
    RESUME("resume");

    private final String wireName;

    Extension(String wireName) {
        this.wireName = wireName;
    }

    /** The name on the wire. */
    public String wireName() {
        return wireName;
    }

    /** The extensions an {@code auth} frame asks for (unknown names and anything that is not a string are ignored). */
    public static Set<Extension> requested(JsonObject auth) {
        JsonValue names = auth.get("extensions");
        Set<Extension> asked = EnumSet.noneOf(Extension.class);
        if (names == null || names.getValueType() != JsonValue.ValueType.ARRAY) {
            return asked;
        }
        for (JsonValue name : names.asJsonArray()) {
            if (name instanceof JsonString text) {
                for (Extension extension : values()) {
                    if (extension.wireName.equals(text.getString())) {
                        asked.add(extension);
                    }
                }
            }
        }
        return asked;
    }

    /** The wire names, in declaration order. */
    public static List<String> names(Set<Extension> extensions) {
        return extensions.stream().sorted().map(Extension::wireName).toList();
    }
}
