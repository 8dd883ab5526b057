package org.symple.server.routing;

import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;
import org.symple.server.protocol.Address;
import org.symple.server.rooms.RoomIndex;
import org.symple.server.rooms.RoomPolicy;

/**
 * Who receives a frame a peer sent: every recipient at most once, rooms only when the sender is a member, users
 * and peers only when they share a room with the sender; everything else is dropped silently.
 * <p>
 * A plain name {@code to:"name"} addresses the room of that name when the sender is in it (how the JS client
 * addresses a room), and otherwise the sessions of the user of that name that share a room with the sender
 * ({@link RoomPolicy#sessionsOf}), so that a message for an offline user never reaches peers who happen to be in a
 * room named after that user.
 */
public final class RoutePolicy {

    private final RoomIndex rooms;
    private final Function<String, String> userOf;

    /** @param userOf the user of a live peer id, or null when no such peer is online */
    public RoutePolicy(RoomIndex rooms, Function<String, String> userOf) {
        this.rooms = rooms;
        this.userOf = userOf;
    }

    /** @param to the frame's {@code to} value, or null when the key is absent */
    public Set<String> recipients(String sender, JsonValue to) {
        return recipients(sender, to, false);
    }

    /**
     * The recipients of a {@code presence} frame: as {@link #recipients}, but through a room only the members that see
     * the sender there (a large room's silent members, see {@link RoomIndex}, neither send nor get presence in it).
     */
    public Set<String> presenceRecipients(String sender, JsonValue to) {
        return recipients(sender, to, true);
    }

    private Set<String> recipients(String sender, JsonValue to, boolean presence) {
        if (to == null) {
            return presence ? rooms.presenceCoMembers(sender) : rooms.coMembers(sender);
        }
        return switch (to.getValueType()) {
            case STRING -> toAddress(sender, ((JsonString) to).getString(), presence);
            case ARRAY -> toRooms(sender, to.asJsonArray(), presence);
            default -> Set.of();
        };
    }

    private Set<String> toAddress(String sender, String text, boolean presence) {
        if (text.isEmpty()) {
            return Set.of();
        }
        Address address = Address.parse(text);
        if (address.hasBar()) {
            return toPeer(sender, address.id());
        }
        if (rooms.exists(text)) {
            return toUser(sender, text, presence);
        }
        // The JS client answers presence probes with the prober's bare session id.
        return toPeer(sender, text);
    }

    private Set<String> toPeer(String sender, String id) {
        if (id.isEmpty() || userOf.apply(id) == null) {
            return Set.of();
        }
        return id.equals(sender) || rooms.sharesRoom(sender, id) ? Set.of(id) : Set.of();
    }

    private Set<String> toUser(String sender, String name, boolean presence) {
        if (rooms.isMember(sender, name)) {
            return presence ? rooms.presenceRecipients(Set.of(name), sender) : rooms.recipients(Set.of(name), sender);
        }
        Set<String> recipients = RoomPolicy.sessionsOf(name, rooms, userOf);
        recipients.removeIf(member -> member.equals(sender) || !rooms.sharesRoom(sender, member));
        return recipients;
    }

    private Set<String> toRooms(String sender, JsonArray array, boolean presence) {
        Set<String> allowed = new LinkedHashSet<>();
        for (JsonValue element : array) {
            if (element.getValueType() == JsonValue.ValueType.STRING) {
                String room = ((JsonString) element).getString();
                if (rooms.isMember(sender, room)) {
                    allowed.add(room);
                }
            }
        }
        if (allowed.isEmpty()) {
            return Set.of();
        }
        return presence ? rooms.presenceRecipients(allowed, sender) : rooms.recipients(allowed, sender);
    }
}
