package org.symple.server.peers;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.Set;
import org.symple.server.protocol.Address;
import org.symple.server.protocol.FrameCodec;
import org.symple.server.protocol.OutgoingFrame;

/** One registered peer: its public identity, extra fields, last presence extras and where its frames go. */
public final class Peer {

    /** Keys that a client can never set through {@code data}: identity, host, credentials and room lists. */
    public static final Set<String> RESERVED = Set.of("id", "user", "online", "name", "type", "host", "token", "rooms");

    public static final String DEFAULT_TYPE = "Peer";

    private final String id;
    private final String user;
    private final String name;
    private final String type;
    private final String host;
    private final JsonObject extras;
    private final PeerSink sink;
    private final String node;
    private final boolean virtual;
    private final String address;
    private final String quotedAddress;
    private final long onlineAt;
    private final boolean resumable;
    private volatile JsonObject presenceExtras = JsonValue.EMPTY_JSON_OBJECT;
    private volatile OnlinePresence onlinePresence;

    /** The online presence frame built from one state of the remembered presence fields. */
    private record OnlinePresence(JsonObject extras, OutgoingFrame frame) {
    }

    /** A peer connected to this instance over a WebSocket (or a test's sink), online from now. */
    public Peer(String id, String user, String name, String type, String host, JsonObject extras, PeerSink sink) {
        this(id, user, name, type, host, extras, sink, System.currentTimeMillis());
    }

    /** A peer connected to this instance, online since {@code onlineAt} (epoch milliseconds). */
    public Peer(String id, String user, String name, String type, String host, JsonObject extras, PeerSink sink,
            long onlineAt) {
        this(id, user, name, type, host, extras, sink, null, false, onlineAt, sink instanceof ResumableSink);
    }

    private Peer(String id, String user, String name, String type, String host, JsonObject extras, PeerSink sink,
            String node, boolean virtual, long onlineAt, boolean resumable) {
        this.onlineAt = onlineAt;
        this.resumable = resumable;
        this.node = node;
        this.virtual = virtual;
        this.id = id;
        this.user = user;
        this.name = name;
        this.type = type;
        this.host = host;
        this.extras = withoutReserved(extras);
        this.sink = sink;
        this.address = Address.of(user, id);
        this.quotedAddress = FrameCodec.JSON.createValue(address).toString();
    }

    /** A peer of this instance without a socket: application code receives its frames through {@code sink}. */
    public static Peer virtual(String id, String user, String name, String type, JsonObject extras, PeerSink sink) {
        return new Peer(id, user, name, type, null, extras, sink, null, true, System.currentTimeMillis(), false);
    }

    /**
     * A peer connected to another instance of the cluster, described by its public object, online since
     * {@code onlineAt} (epoch milliseconds; 0 when unknown). It has no sink: frames for it go to its instance through
     * the cluster broker.
     */
    public static Peer remote(String node, JsonObject json, long onlineAt) {
        return remote(node, json, onlineAt, false);
    }

    /** As {@link #remote(String, JsonObject, long)}, for a peer whose session can be resumed when {@code resumable}. */
    public static Peer remote(String node, JsonObject json, long onlineAt, boolean resumable) {
        return new Peer(json.getString("id"), json.getString("user"), json.getString("name", json.getString("user")),
                json.getString("type", DEFAULT_TYPE), json.getString("host", null), json, null, node, false, onlineAt,
                resumable);
    }

    /** Whether the peer's session can be resumed (the {@code resume} extension), here or on its instance. */
    public boolean resumable() {
        return resumable;
    }

    public String id() {
        return id;
    }

    /** When the peer came online (epoch milliseconds, the clock of its instance; 0 when unknown). */
    public long onlineAt() {
        return onlineAt;
    }

    /** The instance holding this peer's connection; null for a peer of this instance. */
    public String node() {
        return node;
    }

    public boolean isLocal() {
        return node == null;
    }

    /** Whether this is a virtual peer added by application code. */
    public boolean isVirtual() {
        return virtual;
    }

    public String user() {
        return user;
    }

    public String name() {
        return name;
    }

    public String type() {
        return type;
    }

    /** The full address {@code user|id}. */
    public String address() {
        return address;
    }

    /** The address as a JSON string literal, quotes included. */
    public String quotedAddress() {
        return quotedAddress;
    }

    /** Where this instance delivers the peer's frames; null for a peer of another instance. */
    public PeerSink sink() {
        return sink;
    }

    /**
     * Remembers the non-reserved fields of the latest client presence for snapshots and the offline notice;
     * false when they are the same as before.
     */
    public boolean rememberPresence(JsonObject canonicalExtras) {
        JsonObject extrasNow = withoutReserved(canonicalExtras);
        if (extrasNow.equals(presenceExtras)) {
            return false;
        }
        presenceExtras = extrasNow;
        return true;
    }

    /** The public peer object: extra fields, then the identity fields, never a token or room list. */
    public JsonObject toJson(boolean online) {
        return toJson(online, presenceExtras);
    }

    /**
     * The server's presence frame for this peer, as snapshots and announcements send it. The online frame is
     * serialised once per state of the remembered presence fields, however many snapshots show it.
     */
    public OutgoingFrame presenceFrame(boolean online) {
        if (!online) {
            return OutgoingFrame.presence(address, toJson(false));
        }
        JsonObject extrasNow = presenceExtras;
        OnlinePresence cached = onlinePresence;
        if (cached == null || cached.extras() != extrasNow) {
            cached = new OnlinePresence(extrasNow, OutgoingFrame.presence(address, toJson(true, extrasNow)));
            onlinePresence = cached;
        }
        return cached.frame();
    }

    private JsonObject toJson(boolean online, JsonObject presence) {
        JsonObjectBuilder json = FrameCodec.JSON.createObjectBuilder(extras);
        presence.forEach(json::add);
        json.add("id", id).add("user", user).add("name", name).add("online", online).add("type", type);
        if (host != null) {
            json.add("host", host);
        }
        return json.build();
    }

    /** The object without the keys a client can never set ({@link #RESERVED}). */
    public static JsonObject withoutReserved(JsonObject object) {
        if (object == null || object.isEmpty()) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        JsonObjectBuilder json = FrameCodec.JSON.createObjectBuilder();
        object.forEach((key, value) -> {
            if (!RESERVED.contains(key)) {
                json.add(key, value);
            }
        });
        return json.build();
    }

    @Override
    public String toString() {
        return address;
    }
}
