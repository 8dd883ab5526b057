package org.symple.server.standalone;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/** {@code GET /metrics} on the runner: the same registry and text format as the WAR's metrics servlet. */
final class MetricsHandler extends HttpHandler {

    private final PrometheusRegistry registry;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    MetricsHandler(PrometheusRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        response.setContentType(writer.getContentType());
        response.setHeader("Cache-Control", "no-store");
        writer.write(response.getOutputStream(), registry.scrape());
    }
}
