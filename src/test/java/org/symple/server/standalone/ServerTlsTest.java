package org.symple.server.standalone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.glassfish.grizzly.ssl.SSLEngineConfigurator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.symple.server.config.ListenConfig;
import org.symple.server.config.Settings;
import org.symple.server.config.SympleConfig;

/**
 * The runner's TLS files as openssl writes them: every key form the docs name gives a TLS 1.3/1.2 engine, and every
 * file it cannot use is refused with a message naming the setting and the file.
 */
class ServerTlsTest {

    @TempDir
    static Path dir;
    private static TestCertificates files;

    @BeforeAll
    static void makeFiles() {
        files = TestCertificates.create(dir);
        files.openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "pkcs8-rsa.key");
        files.openssl("ecparam", "-genkey", "-name", "prime256v1", "-out", "sec1-ec.key");
        files.openssl("genpkey", "-algorithm", "ED25519", "-out", "ed25519.key");
        for (String key : new String[] {"pkcs8-rsa", "sec1-ec", "ed25519"}) {
            files.openssl("req", "-x509", "-new", "-key", key + ".key", "-subj", "/CN=localhost", "-days", "1",
                    "-out", key + ".pem");
        }
        files.openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-aes256", "-pass",
                "pass:secret", "-out", "encrypted.key");
        files.write("garbage.pem", "not a PEM file\n");
        files.write("not-base64.pem", "-----BEGIN PRIVATE KEY-----\n%%%%\n-----END PRIVATE KEY-----\n");
        files.write("truncated.pem", "-----BEGIN PRIVATE KEY-----\nMIIEvAIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n");
    }

    private static ListenConfig listen(Path key, Path cert) {
        Map<String, String> settings = new HashMap<>(Map.of("SYMPLE_SSL_ENABLED", "true"));
        if (key != null) {
            settings.put("SYMPLE_SSL_KEY", key.toString());
        }
        if (cert != null) {
            settings.put("SYMPLE_SSL_CERT", cert.toString());
        }
        return SympleConfig.from(Settings.of(settings)).listen();
    }

    private static String refusal(Path key, Path cert) {
        return assertThrows(TlsSetupException.class, () -> ServerTls.from(listen(key, cert))).getMessage();
    }

    @Test
    void everyKeyFormTheDocsNameGivesATls13And12Engine() {
        Map<Path, Path> pairs = Map.of(files.serverKey(), files.chain(),
                files.file("pkcs8-rsa.key"), files.file("pkcs8-rsa.pem"),
                files.file("sec1-ec.key"), files.file("sec1-ec.pem"),
                files.file("ed25519.key"), files.file("ed25519.pem"));
        pairs.forEach((key, cert) -> {
            Optional<SSLEngineConfigurator> engine = ServerTls.from(listen(key, cert));
            assertTrue(engine.isPresent(), key::toString);
            assertArrayEquals(new String[] {"TLSv1.3", "TLSv1.2"}, engine.get().createSSLEngine().getEnabledProtocols(),
                    key::toString);
        });
    }

    @Test
    void withoutSslEnabledNoFileIsRead() {
        ListenConfig plain = SympleConfig.from(Settings.of(Map.of("SYMPLE_SSL_KEY", "/nowhere/key.pem"))).listen();
        assertEquals(Optional.empty(), ServerTls.from(plain));
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefusedNamingBothFiles() {
        String message = refusal(files.rootKey(), files.chain());
        assertTrue(message.startsWith("SYMPLE_SSL_KEY " + files.rootKey() + " does not belong to the first certificate of"
                + " SYMPLE_SSL_CERT " + files.chain()), message);
    }

    @Test
    void missingUnreadableAndMalformedFilesAreRefusedNamingTheFile() {
        Path missing = dir.resolve("missing.pem");
        assertEquals("SYMPLE_SSL_KEY " + missing + ": no such file", refusal(missing, files.chain()));
        assertEquals("SYMPLE_SSL_CERT " + dir + ": cannot read the file (a directory)", refusal(files.serverKey(), dir));
        assertTrue(refusal(files.file("garbage.pem"), files.chain())
                .startsWith("SYMPLE_SSL_KEY " + files.file("garbage.pem") + ": malformed PEM"));
        assertTrue(refusal(files.file("not-base64.pem"), files.chain())
                .startsWith("SYMPLE_SSL_KEY " + files.file("not-base64.pem") + ": malformed PEM"));
        assertTrue(refusal(files.file("truncated.pem"), files.chain())
                .startsWith("SYMPLE_SSL_KEY " + files.file("truncated.pem") + ": malformed PEM"));
        assertTrue(refusal(files.chain(), files.chain()).startsWith("SYMPLE_SSL_KEY " + files.chain() + ": no private key"));
        assertTrue(refusal(files.serverKey(), files.file("garbage.pem"))
                .startsWith("SYMPLE_SSL_CERT " + files.file("garbage.pem") + ": malformed PEM"));
        assertTrue(refusal(files.serverKey(), files.serverKey())
                .startsWith("SYMPLE_SSL_CERT " + files.serverKey() + ": no certificate"));
        assertTrue(refusal(files.file("encrypted.key"), files.chain())
                .startsWith("SYMPLE_SSL_KEY " + files.file("encrypted.key") + ": the key is encrypted"));
    }

    @Test
    void tlsWithoutTheKeyOrTheCertificateSettingNamesTheMissingOne() {
        assertEquals("SYMPLE_SSL_ENABLED is on but SYMPLE_SSL_KEY is not set (the path of a PEM file)",
                refusal(null, files.chain()));
        assertEquals("SYMPLE_SSL_ENABLED is on but SYMPLE_SSL_CERT is not set (the path of a PEM file)",
                refusal(files.serverKey(), null));
    }
}
