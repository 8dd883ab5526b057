package org.symple.server.admin;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.symple.server.metrics.TrafficHistograms;
import org.symple.server.peers.PeerRegistry;
import org.symple.server.redis.RedisConnector;

/**
 * {@code GET /metrics}: the server's figures in the Prometheus text exposition format. Counts and distributions
 * only, no peer, user or room names, like {@code /health}.
 */
@WebServlet(urlPatterns = "/metrics")
public class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    transient PeerRegistry peers;

    @Inject
    transient RedisConnector redis;

    @Inject
    transient TrafficHistograms histograms;

    private transient PrometheusRegistry registry;
    private final transient PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PrometheusRegistry scraped = registry();
        if (scraped == null) {
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            return;
        }
        response.setContentType(writer.getContentType());
        response.setHeader("Cache-Control", "no-store");
        writer.write(response.getOutputStream(), scraped.scrape());
    }

    private synchronized PrometheusRegistry registry() {
        if (registry == null) {
            ServerStats stats = (ServerStats) getServletContext().getAttribute(JmxRegistration.STATS);
            if (stats != null) {
                registry = PrometheusExport.registry(stats, peers, redis, histograms);
            }
        }
        return registry;
    }
}
