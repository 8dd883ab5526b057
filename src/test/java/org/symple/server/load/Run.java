package org.symple.server.load;

import java.net.URI;
import java.time.Duration;

/** One scenario run's surroundings: the generator, the server and which endpoint on it (the WAR or the ceiling). */
record Run(Generator generator, ServerProcess server, String serverName, boolean war, Duration timeout) {

    /** The WAR's endpoint at "/" or the ceiling endpoint's group of that name. */
    URI uri(String group) {
        return URI.create("ws://127.0.0.1:" + server.port() + (war ? "/" : "/ceiling/" + group));
    }

    String endpoint() {
        return war ? "war" : "ceiling";
    }

    Result result(String scenario) {
        return new Result(serverName, scenario, endpoint());
    }

    static String auth(int user, String room) {
        return "{\"type\":\"auth\",\"user\":\"u" + user + "\",\"name\":\"u" + user + "\""
                + (room == null ? "" : ",\"rooms\":[\"" + room + "\"]") + "}";
    }
}
