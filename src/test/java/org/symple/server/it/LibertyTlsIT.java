package org.symple.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.symple.server.testing.Deployments;
import org.symple.server.testing.Product;
import org.symple.server.it.support.ServerTest;
import org.symple.server.it.support.TestClient;

/**
 * The WAR over {@code wss://} and {@code https://} on Open Liberty, TLS terminated by Liberty's own HTTPS endpoint
 * (src/test/liberty/config/server.xml: transportSecurity-1.0, HTTPS on the HTTP port + 1, and the key pair Liberty
 * generated into the test server's {@code resources/security/key.p12}). The client trusts that certificate alone.
 */
class LibertyTlsIT extends ServerTest {

    /** The keystore password of src/test/liberty/config/server.xml. */
    private static final char[] KEYSTORE_PASSWORD = "symple-test-keystore".toCharArray();
    private static SSLContext tls;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("tls", Map.of());
    }

    /** Trusts exactly the certificate Liberty generated for its HTTPS endpoint. */
    @BeforeAll
    static void trustTheServersCertificate() throws Exception {
        assumeTrue(Product.underTest() == Product.LIBERTY, "Liberty's own HTTPS endpoint");
        Path keystore = Path.of(System.getProperty("liberty.usr"), "servers", System.getProperty("liberty.server"),
                "resources", "security", "key.p12");
        KeyStore generated = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            generated.load(in, KEYSTORE_PASSWORD);
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (String alias : Collections.list(generated.aliases())) {
            Certificate certificate = generated.getCertificate(alias);
            if (certificate != null) {
                trust.setCertificateEntry(alias, certificate);
            }
        }
        TrustManagerFactory managers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        managers.init(trust);
        tls = SSLContext.getInstance("TLS");
        tls.init(null, managers.getTrustManagers(), null);
    }

    private URI secure(String scheme) {
        return URI.create(scheme + "://localhost:" + (base.getPort() + 1) + base.getPath());
    }

    @Test
    void wssClientsChatAndSeeEachOthersPresence() {
        try (TestClient kay = TestClient.connect(secure("wss"), tls).authenticate("kay-tls", "tls-room");
                TestClient lou = TestClient.connect(secure("wss"), tls).authenticate("lou-tls", "tls-room")) {
            assertEquals("lou-tls", kay.next("presence", Duration.ofSeconds(10)).getJsonObject("data").getString("user"));
            assertEquals("kay-tls", lou.next("presence", Duration.ofSeconds(10)).getJsonObject("data").getString("user"));
            kay.send(Json.createObjectBuilder().add("type", "message").add("to", "tls-room")
                    .add("data", Json.createObjectBuilder().add("text", "hello over wss")).build());
            JsonObject message = lou.next("message", Duration.ofSeconds(10));
            assertEquals("hello over wss", message.getJsonObject("data").getString("text"));
            assertTrue(message.getString("from").startsWith("kay-tls|"), message::toString);
        }
    }

    @Test
    void thePageAndHealthAnswerOverHttps() throws Exception {
        HttpClient https = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> page = https.send(HttpRequest.newBuilder(secure("https")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<title>Symple</title>"), page.body());
        HttpResponse<String> health = https.send(HttpRequest.newBuilder(secure("https").resolve("health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("UP", Json.createReader(new StringReader(health.body())).readObject().getString("status"));
        String protocol = page.sslSession().orElseThrow().getProtocol();
        assertTrue(protocol.equals("TLSv1.3") || protocol.equals("TLSv1.2"), protocol);
    }
}
