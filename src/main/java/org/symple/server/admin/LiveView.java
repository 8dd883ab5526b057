package org.symple.server.admin;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Map;
import java.util.TreeMap;
import org.symple.server.peers.Peer;
import org.symple.server.peers.PeerRegistry;
import org.symple.server.protocol.FrameCodec;
import org.symple.server.redis.RedisConnector;

/**
 * What the admin page shows at one instant: the server's figures, the state of Redis, the cluster's instances with
 * their peer counts, and, only when the operator enabled it, the names of rooms and peers.
 */
public final class LiveView {

    /** How the admin page names the instance that answers. */
    static final String THIS_INSTANCE = "this instance";

    private final ServerStats stats;
    private final PeerRegistry peers;
    private final RedisConnector redis;
    private final boolean showNames;

    public LiveView(ServerStats stats, PeerRegistry peers, RedisConnector redis, boolean showNames) {
        this.stats = stats;
        this.peers = peers;
        this.redis = redis;
        this.showNames = showNames;
    }

    public JsonObject toJson() {
        JsonObjectBuilder view = stats.toJsonBuilder()
                .add("time", System.currentTimeMillis())
                .add("redis", FrameCodec.JSON.createObjectBuilder()
                        .add("configured", redis.enabled())
                        .add("available", redis.isAvailable()))
                .add("instances", instances())
                .add("namesShown", showNames);
        if (showNames) {
            view.add("roomNames", roomNames()).add("peerList", peerList());
        }
        return view.build();
    }

    /** Peer count per instance, this one first, then the others by id. */
    private JsonArrayBuilder instances() {
        int local = 0;
        Map<String, Integer> remote = new TreeMap<>();
        for (Peer peer : peers.peers()) {
            if (peer.isLocal()) {
                local++;
            } else {
                remote.merge(peer.node(), 1, Integer::sum);
            }
        }
        JsonArrayBuilder list = FrameCodec.JSON.createArrayBuilder()
                .add(FrameCodec.JSON.createObjectBuilder().add("node", THIS_INSTANCE).add("peers", local));
        remote.forEach((node, count) -> list.add(FrameCodec.JSON.createObjectBuilder().add("node", node).add("peers", count)));
        return list;
    }

    private JsonArrayBuilder roomNames() {
        Map<String, Integer> members = new TreeMap<>();
        for (Peer peer : peers.peers()) {
            peers.rooms().roomsOf(peer.id()).forEach(room -> members.merge(room, 1, Integer::sum));
        }
        JsonArrayBuilder list = FrameCodec.JSON.createArrayBuilder();
        members.forEach((room, count) -> list.add(FrameCodec.JSON.createObjectBuilder().add("name", room).add("members", count)));
        return list;
    }

    private JsonArrayBuilder peerList() {
        JsonArrayBuilder list = FrameCodec.JSON.createArrayBuilder();
        for (Peer peer : peers.peers()) {
            list.add(FrameCodec.JSON.createObjectBuilder()
                    .add("user", peer.user())
                    .add("name", peer.name())
                    .add("node", peer.isLocal() ? THIS_INSTANCE : peer.node())
                    .add("rooms", peers.rooms().roomsOf(peer.id()).size()));
        }
        return list;
    }
}
