package org.symple.server.standalone;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.symple.server.it.support.ServerProbe;
import org.symple.server.it.support.TestClient;
import org.symple.server.testing.Launcher;
import org.symple.server.testing.Product;
import org.symple.server.testing.ServerProcess;

/**
 * The runner's jar as a user starts it ({@code java -jar}, settings in the environment): JS-style clients chat,
 * the start page and {@code /health} are served, SIGTERM sends the shutdown notice and closes with 1001, and a
 * taken port or an invalid setting stops it with a message and a non-zero exit status. Runs where the jar is built
 * and under test ({@code -Pstandalone verify}).
 */
@EnabledIfSystemProperty(named = "symple.target", matches = "jar")
class StandaloneRunnerIT {

    private static final Duration EXIT = Duration.ofSeconds(60);

    private static ServerProcess server;

    @BeforeAll
    static void start() {
        server = runner("runner", Map.of()).awaitReady();
    }

    private static ServerProcess runner(String name, Map<String, String> environment) {
        return Launcher.instance(Product.STANDALONE, name, environment);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void jsStyleClientsChatInARoom() {
        try (TestClient alice = TestClient.jsStyle(server.uri(), "js-alice")) {
            await().atMost(Duration.ofSeconds(5)).until(alice::isOnline);
            alice.join("js-lobby");
            try (TestClient bob = TestClient.jsStyle(server.uri(), "js-bob")) {
                await().atMost(Duration.ofSeconds(5)).until(bob::isOnline);
                bob.join("js-lobby");
                await().atMost(Duration.ofSeconds(5)).until(() -> bob.roster().contains(alice.address())
                        && alice.roster().contains(bob.address()));
                bob.say("js-lobby", "hello from bob");
                await().atMost(Duration.ofSeconds(5)).until(() -> alice.chat().contains("hello from bob"));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> alice.roster().equals(Set.of(alice.address())));
        }
    }

    @Test
    void servesTheStartPageHealthAndMetrics() throws Exception {
        ServerProbe probe = new ServerProbe(URI.create("http://127.0.0.1:" + server.port() + "/").toURL());
        HttpResponse<String> page = probe.get("");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<title>Symple</title>"), page.body());
        try (TestClient alice = TestClient.online(server.uri(), "health-alice")) {
            JsonObject health = probe.health();
            assertEquals("UP", health.getString("status"));
            assertTrue(health.getInt("connections") >= 1, health::toString);
            assertTrue(health.getInt("peers") >= 1, health::toString);
            HttpResponse<String> metrics = probe.get("metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().lines().anyMatch(line -> line.startsWith("symple_connections ")), metrics.body());
        }
        assertEquals(404, probe.get("no-such-file.html").statusCode());
    }

    @Test
    void sigtermSendsTheShutdownNoticeThenClosesWith1001() {
        ServerProcess stopping = runner("runner-stopping", Map.of()).awaitReady();
        try (TestClient alice = TestClient.online(stopping.uri(), "alice-stopping")) {
            stopping.terminate();
            assertEquals(1001, alice.awaitClose(Duration.ofSeconds(10)));
            assertEquals(List.of(Json.createObjectBuilder().add("type", "event").add("name", "shutdown")
                    .add("subtype", "shutdown").add("message", "Server shutting down").build()), alice.drain());
        } finally {
            stopping.kill();
        }
    }

    @Test
    void aTakenPortStopsTheRunnerWithAMessage() {
        ServerProcess second = runner("runner-taken", Map.of("PORT", String.valueOf(server.port())));
        try {
            assertEquals(Main.NOT_STARTED, second.awaitExit(EXIT));
            assertTrue(second.log().contains("cannot listen on 127.0.0.1:" + server.port()), second::log);
        } finally {
            second.kill();
        }
    }

    @Test
    void anInvalidSettingStopsTheRunnerWithAMessage() {
        ServerProcess invalid = runner("runner-invalid", Map.of("SYMPLE_MAX_ROOMS", "many"));
        try {
            assertEquals(Main.BAD_SETTINGS, invalid.awaitExit(EXIT));
            assertTrue(invalid.log().contains("SYMPLE_MAX_ROOMS=\"many\" is not valid"), invalid::log);
        } finally {
            invalid.kill();
        }
    }
}
