package org.symple.server.admin;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import org.symple.server.metrics.Metrics;

/**
 * The deployment's Prometheus registry: {@code symple_up} from the status, every figure of {@link ServerStats} read at
 * scrape time under {@code symple_<key in snake case>} (no labels, so no peer or room names), and the hot-path
 * histograms of {@link Metrics}.
 */
public final class PrometheusExport {

    private PrometheusExport() {
    }

    public static PrometheusRegistry registry(ServerStats stats, Metrics metrics) {
        PrometheusRegistry registry = new PrometheusRegistry();
        GaugeWithCallback.builder().name("symple_up").help("1 while the server accepts peers, 0 once its shutdown began")
                .callback(callback -> callback.call(ServerStats.UP.equals(stats.status()) ? 1 : 0)).register(registry);
        for (ServerStats.Figure figure : stats.figures()) {
            String name = "symple_" + snakeCase(figure.key());
            Unit unit = name.endsWith("_seconds") ? Unit.SECONDS : name.endsWith("_bytes") ? Unit.BYTES : null;
            if (figure.kind() == ServerStats.Kind.COUNTER) {
                CounterWithCallback.builder().name(name).help(figure.help())
                        .callback(callback -> callback.call(figure.value().getAsLong())).register(registry);
            } else {
                GaugeWithCallback.Builder gauge = GaugeWithCallback.builder().name(name).help(figure.help())
                        .callback(callback -> callback.call(figure.value().getAsLong()));
                if (unit != null) {
                    gauge.unit(unit);
                }
                gauge.register(registry);
            }
        }
        registry.register(metrics.fanOut());
        registry.register(metrics.sendLatency());
        return registry;
    }

    static String snakeCase(String key) {
        StringBuilder name = new StringBuilder(key.length() + 8);
        for (char c : key.toCharArray()) {
            if (Character.isUpperCase(c)) {
                name.append('_').append(Character.toLowerCase(c));
            } else {
                name.append(c);
            }
        }
        return name.toString();
    }
}
