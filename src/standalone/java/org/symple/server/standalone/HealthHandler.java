package org.symple.server.standalone;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.symple.server.admin.ServerStats;

/** {@code GET /health} on the runner: the same body and status codes as the WAR's health servlet. */
final class HealthHandler extends HttpHandler {

    private final ServerStats stats;

    HealthHandler(ServerStats stats) {
        this.stats = stats;
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        JsonObject body = stats.toJson();
        response.setStatus("UP".equals(body.getString("status")) ? 200 : 503);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(body.toString());
    }
}
