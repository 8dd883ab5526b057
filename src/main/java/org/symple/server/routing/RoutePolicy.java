package org.symple.server.routing;

import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Predicate;
import org.symple.server.protocol.Address;
import org.symple.server.rooms.RoomIndex;

/**
 * Who receives a frame a peer sent (SPEC 5.2, J column): every recipient at most once, rooms only when the
 * sender is a member, users and peers only when they share a room with the sender; everything else is
 * dropped silently.
 */
public final class RoutePolicy {

    private final RoomIndex rooms;
    private final Predicate<String> isPeer;

    public RoutePolicy(RoomIndex rooms, Predicate<String> isPeer) {
        this.rooms = rooms;
        this.isPeer = isPeer;
    }

    /** @param to the frame's {@code to} value, or null when the key is absent */
    public Set<String> recipients(String sender, JsonValue to) {
        if (to == null) {
            return rooms.coMembers(sender);
        }
        return switch (to.getValueType()) {
            case STRING -> toAddress(sender, ((JsonString) to).getString());
            case ARRAY -> toRooms(sender, to.asJsonArray());
            default -> Set.of();
        };
    }

    private Set<String> toAddress(String sender, String text) {
        if (text.isEmpty()) {
            return Set.of();
        }
        Address address = Address.parse(text);
        if (address.hasBar()) {
            return toPeer(sender, address.id());
        }
        if (rooms.exists(text)) {
            return toUser(sender, text);
        }
        // The JS client answers presence probes with the prober's bare session id.
        return toPeer(sender, text);
    }

    private Set<String> toPeer(String sender, String id) {
        if (id.isEmpty() || !isPeer.test(id)) {
            return Set.of();
        }
        return id.equals(sender) || rooms.sharesRoom(sender, id) ? Set.of(id) : Set.of();
    }

    private Set<String> toUser(String sender, String userRoom) {
        boolean senderInRoom = rooms.isMember(sender, userRoom);
        Set<String> recipients = new LinkedHashSet<>();
        for (String member : rooms.members(userRoom)) {
            if (!member.equals(sender) && (senderInRoom || rooms.sharesRoom(sender, member))) {
                recipients.add(member);
            }
        }
        return recipients;
    }

    private Set<String> toRooms(String sender, JsonArray array) {
        Set<String> allowed = new LinkedHashSet<>();
        for (JsonValue element : array) {
            if (element.getValueType() == JsonValue.ValueType.STRING) {
                String room = ((JsonString) element).getString();
                if (rooms.isMember(sender, room)) {
                    allowed.add(room);
                }
            }
        }
        return allowed.isEmpty() ? Set.of() : rooms.recipients(allowed, sender);
    }
}
