package org.symple.server.standalone;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.symple.server.it.support.TestClient;
import org.symple.server.testing.Launcher;
import org.symple.server.testing.Product;
import org.symple.server.testing.ServerProcess;

/**
 * The runner's jar terminating TLS itself ({@code SYMPLE_SSL_ENABLED} with PEM files made by openssl at test time:
 * a key in the traditional RSA form and a certificate chain through an intermediate CA, the client trusting only
 * the root): wss:// clients chat and see each other's presence, the page, /health and /metrics answer over https://
 * with TLS 1.3 and 1.2, and each file it cannot use stops it before it listens, with a message naming the file.
 * Runs where the jar is built and under test ({@code -Pstandalone verify}).
 */
@EnabledIfSystemProperty(named = "symple.target", matches = "jar")
class StandaloneTlsIT {

    private static final Duration EXIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    private static TestCertificates files;
    private static ServerProcess server;
    private static HttpClient https;

    @BeforeAll
    static void start() {
        files = TestCertificates.create(dir);
        https = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(files.clientContext())
                .connectTimeout(Duration.ofSeconds(2)).build();
        server = Launcher.instance(Product.STANDALONE, "runner-tls", tls(files.serverKey(), files.chain()));
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> get("health").statusCode() == 200);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Map<String, String> tls(Path key, Path cert) {
        return Map.of("SYMPLE_SSL_ENABLED", "true", "SYMPLE_SSL_KEY", key.toString(), "SYMPLE_SSL_CERT", cert.toString());
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/" + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI wss() {
        return URI.create("wss://127.0.0.1:" + server.port() + "/");
    }

    @Test
    void wssClientsChatAndSeeEachOthersPresence() {
        try (TestClient alice = TestClient.connect(wss(), files.clientContext()).authenticate("tls-alice", "tls-lobby")) {
            try (TestClient bob = TestClient.connect(wss(), files.clientContext()).authenticate("tls-bob", "tls-lobby")) {
                JsonObject seen = alice.next("presence", Duration.ofSeconds(10));
                assertEquals("tls-bob", seen.getJsonObject("data").getString("user"));
                assertTrue(seen.getJsonObject("data").getBoolean("online"));
                assertEquals("tls-alice", bob.next("presence", Duration.ofSeconds(10)).getJsonObject("data").getString("user"));

                bob.send(Json.createObjectBuilder().add("type", "message").add("to", "tls-lobby")
                        .add("data", Json.createObjectBuilder().add("text", "hello over TLS")).build());
                JsonObject message = alice.next("message", Duration.ofSeconds(10));
                assertEquals("hello over TLS", message.getJsonObject("data").getString("text"));
                assertTrue(message.getString("from").startsWith("tls-bob|"), message::toString);
            }
            JsonObject gone = alice.next("presence", Duration.ofSeconds(10));
            assertEquals("tls-bob", gone.getJsonObject("data").getString("user"));
            assertFalse(gone.getJsonObject("data").getBoolean("online"));
        }
    }

    @Test
    void thePageHealthAndMetricsAnswerOverHttps() throws Exception {
        HttpResponse<String> page = get("");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<title>Symple</title>"), page.body());
        JsonObject health = Json.createReader(new java.io.StringReader(get("health").body())).readObject();
        assertEquals("UP", health.getString("status"));
        HttpResponse<String> metrics = get("metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().lines().anyMatch(line -> line.startsWith("symple_connections ")), metrics.body());
    }

    @Test
    void tls13And12AreBothServed() throws IOException {
        for (String protocol : ServerTls.PROTOCOLS) {
            try (SSLSocket socket = (SSLSocket) files.clientContext().getSocketFactory().createSocket("127.0.0.1", server.port())) {
                socket.setEnabledProtocols(new String[] {protocol});
                socket.startHandshake();
                assertEquals(protocol, socket.getSession().getProtocol());
            }
        }
    }

    @Test
    void plainHttpOnTheTlsPortIsNotServed() {
        HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        assertThrows(IOException.class, () -> plain.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/health")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    /** Each case: the start of the message, and the settings that must cause it. */
    @Test
    void eachFileItCannotUseStopsTheRunnerBeforeItListensWithAMessageNamingTheFile() throws IOException {
        Path missing = dir.resolve("missing.pem");
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n");
        Map<String, Map<String, String>> cases = new LinkedHashMap<>();
        cases.put("SYMPLE_SSL_KEY " + missing + ": no such file", tls(missing, files.chain()));
        cases.put("SYMPLE_SSL_CERT " + dir + ": cannot read the file (a directory)", tls(files.serverKey(), dir));
        cases.put("SYMPLE_SSL_CERT " + garbage + ": malformed PEM", tls(files.serverKey(), garbage));
        cases.put("SYMPLE_SSL_KEY " + garbage + ": malformed PEM", tls(garbage, files.chain()));
        cases.put("SYMPLE_SSL_KEY " + files.rootKey() + " does not belong to the first certificate of SYMPLE_SSL_CERT "
                + files.chain(), tls(files.rootKey(), files.chain()));
        cases.put("SYMPLE_SSL_ENABLED is on but SYMPLE_SSL_CERT is not set",
                Map.of("SYMPLE_SSL_ENABLED", "true", "SYMPLE_SSL_KEY", files.serverKey().toString()));
        int index = 0;
        for (Map.Entry<String, Map<String, String>> refused : cases.entrySet()) {
            ServerProcess runner = Launcher.instance(Product.STANDALONE, "runner-tls-refused-" + index++, refused.getValue());
            try {
                assertEquals(Main.BAD_SETTINGS, runner.awaitExit(EXIT), runner::log);
                assertTrue(runner.log().contains("Symple server not started: " + refused.getKey()), runner::log);
                assertFalse(runner.log().contains("Started listener"), runner::log);
                assertFalse(runner.log().contains("Weld SE container"), "started CDI before refusing: " + runner.log());
            } finally {
                runner.kill();
            }
        }
    }
}
