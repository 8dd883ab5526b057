package org.symple.server.protocol;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.List;

/** The typed frames the server builds itself, serialised with JSON-B. */
public final class ServerFrames {

    public static final String PROTOCOL = "symple/4";

    private ServerFrames() {
    }

    /**
     * {@code {"type":"welcome","protocol":"symple/4","status":200,"peer":{…},"rooms":[…],"extensions":[…]}}: the
     * {@link Extension}s the server offers, and where ICE servers are configured {@code "iceServers":[…]} and
     * {@code "iceServersTtl":N} (with TURN credentials), and for a session of the {@code resume} extension
     * {@code "resume":{…}}; a null component is left out of the frame.
     */
    public record Welcome(String type, String protocol, int status, JsonObject peer, List<String> rooms,
            JsonArray iceServers, Long iceServersTtl, List<String> extensions, JsonObject resume) {
        public Welcome(JsonObject peer, List<String> rooms, JsonArray iceServers, Long iceServersTtl,
                List<String> extensions, JsonObject resume) {
            this("welcome", PROTOCOL, 200, peer, rooms, iceServers, iceServersTtl, extensions, resume);
        }
    }

    /**
     * {@code {"type":"ice:servers","iceServers":[…],"iceServersTtl":N}}: fresh ICE servers, the answer to a client's
     * {@code ice:refresh} (extension {@code ice-refresh}), sent to that client only.
     */
    public record IceServersFrame(String type, JsonArray iceServers, Long iceServersTtl) {
        public IceServersFrame(JsonArray iceServers, Long iceServersTtl) {
            this("ice:servers", iceServers, iceServersTtl);
        }
    }

    /** {@code {"type":"error","status":…,"message":…}} */
    public record ErrorFrame(String type, int status, String message) {
        public ErrorFrame(int status, String message) {
            this("error", status, message);
        }
    }

    /** {@code {"type":"join:ok","room":…}} or {@code {"type":"leave:ok","room":…}} */
    public record RoomAck(String type, String room) {
        public static RoomAck joined(String room) {
            return new RoomAck("join:ok", room);
        }

        public static RoomAck left(String room) {
            return new RoomAck("leave:ok", room);
        }
    }

    /** The shutdown notice in the C++ server's form, with both {@code name} and {@code subtype}. */
    public record Shutdown(String type, String name, String subtype, String message) {
        public static final Shutdown NOTICE = new Shutdown("event", "shutdown", "shutdown", "Server shutting down");
    }
}
