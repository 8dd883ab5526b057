package org.symple.server.load;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One scenario run's surroundings: the generator, the server and which endpoint on it: {@code war} (the WAR at "/"),
 * {@code plain} (the WAR at "/plain/" with SYMPLE_SEND_PATH=plain), {@code ceiling}, or {@code v4} (the Node
 * reference server at "/").
 */
record Run(Generator generator, Target server, String serverName, String endpoint, Duration timeout, String tag) {

    private static final AtomicInteger RUNS = new AtomicInteger();
    /**
     * This benchmark's start in seconds, base 36. A server keeps its departures across a restart (the departure file
     * of an installation the next benchmark reuses), so run numbers alone would meet an earlier benchmark's users.
     */
    private static final String BENCHMARK = Long.toString(System.currentTimeMillis() / 1000, 36);

    /**
     * A run whose users are its own: client {@code i} is user {@code u<i>r<n>b<start>} for the run's number n and the
     * benchmark's start, so no peer of a run is taken for the reconnection of an earlier run's user (whose departures
     * the server would tell it), in this benchmark or an earlier one on the same installation.
     */
    Run(Generator generator, Target server, String serverName, String endpoint, Duration timeout) {
        this(generator, server, serverName, endpoint, timeout, "r" + RUNS.incrementAndGet() + "b" + BENCHMARK);
    }

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

    /** The user name of client {@code i}: {@code u<i>} (what the scenarios read back) and the run's tag. */
    String user(int i) {
        return "u" + i + tag;
    }

    /** An auth frame of client {@code i}; {@code extras} are further fields, each starting with a comma. */
    String auth(int i, String room, String extras) {
        return "{\"type\":\"auth\",\"user\":\"" + user(i) + "\",\"name\":\"" + user(i) + "\""
                + (room == null ? "" : ",\"rooms\":[\"" + room + "\"]") + extras + "}";
    }
}
