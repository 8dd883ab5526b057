package org.symple.server.emission;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.symple.server.protocol.Address;
import org.symple.server.rooms.RoomIndex;

/**
 * Who receives an object published on {@code symple:broadcast}: trusted
 * server-side emission, so there is no sender, no exclusion and no permission check, and the object is delivered
 * as published.
 * <ul>
 * <li>{@code to:"user|id"}: the local peer with that session id (text after the first bar); {@code "user|"} is
 * dropped;</li>
 * <li>{@code to:"room"} (a user name is its user room): every local member of the room;</li>
 * <li>{@code to:[rooms…]}: every local member of any listed room, once;</li>
 * <li>no {@code to} (absent or null) but a {@code rooms} array: as {@code to:rooms} (what the Ruby emitter's
 * {@code rooms:} option is documented to mean);</li>
 * <li>anything else: nobody.</li>
 * </ul>
 */
public final class Emission {

    /** The channel external emitters publish on. The server only subscribes; it never publishes there. */
    public static final String CHANNEL = "symple:broadcast";

    private Emission() {
    }

    /**
     * The session ids the object is for, as far as this instance's registry knows them; delivery keeps those of
     * peers connected here, since every instance receives the publication itself.
     */
    public static Set<String> recipients(JsonObject published, RoomIndex rooms) {
        JsonValue to = published.get("to");
        if (to == null || to.getValueType() == JsonValue.ValueType.NULL) {
            JsonValue listed = published.get("rooms");
            return listed != null && listed.getValueType() == JsonValue.ValueType.ARRAY
                    ? rooms.recipients(roomNames(listed), null) : Set.of();
        }
        return switch (to.getValueType()) {
            case STRING -> toAddress(((JsonString) to).getString(), rooms);
            case ARRAY -> rooms.recipients(roomNames(to), null);
            default -> Set.of();
        };
    }

    private static Set<String> toAddress(String text, RoomIndex rooms) {
        Address address = Address.parse(text);
        if (!address.hasBar()) {
            return text.isEmpty() ? Set.of() : rooms.recipients(List.of(text), null);
        }
        return address.id().isEmpty() ? Set.of() : Set.of(address.id());
    }

    private static Set<String> roomNames(JsonValue array) {
        Set<String> names = new LinkedHashSet<>();
        for (JsonValue element : array.asJsonArray()) {
            if (element.getValueType() == JsonValue.ValueType.STRING && !((JsonString) element).getString().isEmpty()) {
                names.add(((JsonString) element).getString());
            }
        }
        return names;
    }
}
