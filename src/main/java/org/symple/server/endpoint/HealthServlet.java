package org.symple.server.endpoint;

import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.symple.server.admin.ServerStats;
import org.symple.server.lifecycle.Lifecycle;
import org.symple.server.protocol.FrameCodec;

/**
 * {@code GET /health}: {@code {"status":"UP",...}} with the server's figures (200), or {@code "STOPPING"} once the
 * shutdown began and {@code "DOWN"} before the start (503). Read-only, counts only; meant for load balancers, probes
 * and dashboards.
 */
@WebServlet(urlPatterns = "/health")
public class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    private transient Lifecycle lifecycle;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ServerStats stats = lifecycle.stats();
        JsonObject body = stats != null ? stats.toJson() : FrameCodec.JSON.createObjectBuilder().add("status", "DOWN").build();
        response.setStatus(ServerStats.UP.equals(body.getString("status"))
                ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(body.toString());
    }
}
