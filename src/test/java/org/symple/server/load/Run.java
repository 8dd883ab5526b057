package org.symple.server.load;

import java.net.URI;
import java.time.Duration;

/**
 * One scenario run's surroundings: the generator, the server and which endpoint on it: {@code war} (the WAR at "/"),
 * {@code plain} (the WAR at "/plain/" with SYMPLE_SEND_PATH=plain), {@code ceiling}, or {@code v4} (the Node
 * reference server at "/").
 */
record Run(Generator generator, Target server, String serverName, String endpoint, Duration timeout) {

    /** The endpoint's address for client {@code client} (of several instances, the one it connects to). */
    URI uri(String group, int client) {
        URI first = uri(group);
        int port = server.port(client);
        return port == server.port() ? first : URI.create("ws://127.0.0.1:" + port + first.getRawPath());
    }

    /** The endpoint's address; on the ceiling, the group of that name. */
    URI uri(String group) {
        String path = switch (endpoint) {
            case "ceiling" -> "/ceiling/" + group;
            case "plain" -> "/plain/";
            default -> "/";
        };
        return URI.create("ws://127.0.0.1:" + server.port() + path);
    }

    /** True on the Symple endpoints (ours and the reference), which have rooms and presence. */
    boolean war() {
        return !endpoint.equals("ceiling");
    }

    /** True on our Symple endpoints, which send presence when a peer arrives (the v4 reference does not). */
    boolean presenceOnJoin() {
        return endpoint.equals("war") || endpoint.equals("plain");
    }

    Result result(String scenario) {
        return new Result(serverName, scenario, endpoint(), "java");
    }

    static String auth(int user, String room) {
        return auth(user, room, "");
    }

    /** An auth frame; {@code extras} are further fields, each starting with a comma. */
    static String auth(int user, String room, String extras) {
        return "{\"type\":\"auth\",\"user\":\"u" + user + "\",\"name\":\"u" + user + "\""
                + (room == null ? "" : ",\"rooms\":[\"" + room + "\"]") + extras + "}";
    }
}
