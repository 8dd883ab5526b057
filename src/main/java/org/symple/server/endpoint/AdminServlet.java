package org.symple.server.endpoint;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.symple.server.admin.LiveView;
import org.symple.server.admin.ServerStats;
import org.symple.server.config.SympleConfig;
import org.symple.server.lifecycle.Lifecycle;
import org.symple.server.peers.PeerRegistry;
import org.symple.server.redis.RedisConnector;

/**
 * {@code GET /admin/stats}: the live figures behind the admin page as JSON. The container's security constraint
 * in web.xml guards {@code /admin/*}; this servlet also refuses any caller without the role, so the figures stay
 * closed where the container's security is not configured.
 */
@WebServlet(urlPatterns = "/admin/stats")
public class AdminServlet extends HttpServlet {

    /** The role that may read the admin view, declared in web.xml and mapped to users by each server. */
    public static final String ROLE = "symple-admin";

    private static final long serialVersionUID = 1L;

    @Inject
    private transient Lifecycle lifecycle;

    @Inject
    private transient PeerRegistry peers;

    @Inject
    private transient RedisConnector redis;

    @Inject
    private transient SympleConfig config;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!request.isUserInRole(ROLE)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        ServerStats stats = lifecycle.stats();
        if (stats == null) {
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            return;
        }
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(new LiveView(stats, peers, redis, config.admin().showNames()).toJson().toString());
    }
}
