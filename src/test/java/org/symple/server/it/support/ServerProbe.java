package org.symple.server.it.support;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Reads a deployment from outside over HTTP: its {@code /health} endpoint and, where the deployment bundles
 * {@link DiagnosticsServlet}, the server JVM's heap and the Symple MXBeans.
 */
public final class ServerProbe {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final URL base;

    public ServerProbe(URL base) {
        this.base = base;
    }

    /** The health endpoint's body; fails unless it answered 200. */
    public JsonObject health() {
        HttpResponse<String> response = get("health");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("health answered " + response.statusCode() + ": " + response.body());
        }
        return TestClient.parse(response.body());
    }

    /** One count of the health endpoint. */
    public long count(String name) {
        return health().getJsonNumber(name).longValue();
    }

    /** Heap in use in the server's JVM after garbage collection, in bytes. */
    public long heapAfterGc() {
        return Long.parseLong(get("test-diagnostics?op=heap").body().trim());
    }

    /** Timers waiting in the server's scheduler. */
    public long pendingTimers() {
        return Long.parseLong(get("test-diagnostics?op=timers").body().trim());
    }

    /** Live HTTP sessions of the application (needs {@link SessionCounter} in the deployment). */
    public long liveSessions() {
        return Long.parseLong(get("test-diagnostics?op=sessions").body().trim());
    }

    /** Live threads in the server's JVM. */
    public long liveThreads() {
        return Long.parseLong(get("test-diagnostics?op=threads").body().trim());
    }

    /** The attributes (as strings) of the MXBean with this object name; empty when it is not registered. */
    public JsonObject mbean(String objectName) {
        return TestClient.parse(get("test-diagnostics?op=mbean&name="
                + URLEncoder.encode(objectName, StandardCharsets.UTF_8)).body());
    }

    public HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("GET " + path + " failed", e);
        }
    }
}
