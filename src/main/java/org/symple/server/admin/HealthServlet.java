package org.symple.server.admin;

import jakarta.json.JsonObject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.symple.server.protocol.FrameCodec;

/**
 * {@code GET /health}: {@code {"status":"UP",...}} with the server's counts (200), or {@code "STOPPING"} once the
 * shutdown began and {@code "DOWN"} without statistics (503). Read-only, no peer data; meant for load balancers,
 * probes and dashboards.
 */
@WebServlet(urlPatterns = "/health")
public class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ServerStats stats = (ServerStats) getServletContext().getAttribute(JmxRegistration.STATS);
        JsonObject body = stats != null ? stats.toJson() : FrameCodec.JSON.createObjectBuilder().add("status", "DOWN").build();
        response.setStatus("UP".equals(body.getString("status"))
                ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(body.toString());
    }
}
