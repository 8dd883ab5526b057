package org.symple.server.load;

import java.net.URI;
import java.time.Duration;
import org.symple.server.testing.ServerProcess;

/**
 * One scenario run's surroundings: the generator, the server and which endpoint on it: {@code war} (the WAR at "/"),
 * {@code plain} (the WAR at "/plain/" with SYMPLE_SEND_PATH=plain) or {@code ceiling}.
 */
record Run(Generator generator, ServerProcess server, String serverName, String endpoint, Duration timeout) {

    /** The endpoint's address; on the ceiling, the group of that name. */
    URI uri(String group) {
        String path = switch (endpoint) {
            case "ceiling" -> "/ceiling/" + group;
            case "plain" -> "/plain/";
            default -> "/";
        };
        return URI.create("ws://127.0.0.1:" + server.port() + path);
    }

    /** True on the Symple endpoints, which have presence. */
    boolean war() {
        return !endpoint.equals("ceiling");
    }

    Result result(String scenario) {
        return new Result(serverName, scenario, endpoint());
    }

    static String auth(int user, String room) {
        return "{\"type\":\"auth\",\"user\":\"u" + user + "\",\"name\":\"u" + user + "\""
                + (room == null ? "" : ",\"rooms\":[\"" + room + "\"]") + "}";
    }
}
