package org.symple.server.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.symple.server.it.support.ServerProbe;
import org.symple.server.it.support.ServerTest;
import org.symple.server.it.support.TestClient;
import org.symple.server.testing.Deployments;

/**
 * {@code /metrics}: the Prometheus text format as Prometheus's own {@code promtool check metrics} accepts it, with
 * live figures and the fan-out and send-latency histograms filled by real traffic, and no peer or room names.
 */
class MetricsIT extends ServerTest {

    private static final File PROMTOOL = new File(System.getProperty("symple.test.promtool", "/usr/bin/promtool"));

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("metrics", Map.of());
    }

    @Test
    void metricsCarryTheLiveFiguresAndHistograms() throws Exception {
        ServerProbe probe = new ServerProbe(base);
        try (TestClient alice = TestClient.online(uri(), "alice-metrics", "room-metrics");
                TestClient bob = TestClient.online(uri(), "bob-metrics", "room-metrics");
                TestClient carol = TestClient.online(uri(), "carol-metrics", "room-metrics")) {
            alice.send(Json.createObjectBuilder().add("type", "message").add("to", Json.createArrayBuilder().add("room-metrics"))
                    .add("data", Json.createObjectBuilder().add("text", "to two")).build());
            await().atMost(Duration.ofSeconds(10)).until(() -> arrived(bob, "to two"));
            await().atMost(Duration.ofSeconds(10)).until(() -> arrived(carol, "to two"));

            HttpResponse<String> response = probe.get("metrics");
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            String body = response.body();
            assertEquals(3, value(body, "symple_connections").orElseThrow());
            assertEquals(1, value(body, "symple_up").orElseThrow());
            assertTrue(value(body, "symple_frames_in_total").orElseThrow() >= 4, body);
            assertTrue(value(body, "symple_send_latency_seconds_count").orElseThrow() >= 3, body);
            assertTrue(value(body, "symple_fanout_recipients_count").orElseThrow() >= 1, body);
            assertTrue(value(body, "symple_fanout_recipients_bucket{le=\"2.0\"}").orElseThrow() >= 1, body);
            assertTrue(value(body, "symple_fanout_recipients_sum").orElseThrow() >= 2, body);
            assertFalse(body.contains("alice") || body.contains("room-metrics") || body.contains(alice.id()), body);
            promtoolAccepts(body);
        }
    }

    private static boolean arrived(TestClient client, String text) {
        String frame = client.poll(Duration.ofMillis(200));
        return frame != null && frame.contains(text);
    }

    /** The sample value of a series given by its name and labels as exposed, if present. */
    private static Optional<Double> value(String body, String series) {
        return body.lines().filter(line -> line.startsWith(series + " "))
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]))
                .findFirst();
    }

    private static void promtoolAccepts(String body) throws IOException, InterruptedException {
        if (!PROMTOOL.canExecute()) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("CI needs " + PROMTOOL + " (apt-get install prometheus)");
            }
            Assumptions.abort("promtool check skipped: " + PROMTOOL + " is not installed (apt-get install prometheus)");
        }
        Process promtool = new ProcessBuilder(PROMTOOL.getPath(), "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = promtool.getOutputStream()) {
            in.write(body.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(promtool.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, promtool.exitValue(), "promtool check metrics: " + output);
    }
}
