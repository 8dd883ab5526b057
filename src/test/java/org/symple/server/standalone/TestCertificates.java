package org.symple.server.standalone;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;

/**
 * Keys and certificates made at test time with the {@code openssl} command (Debian's openssl, which the JDK's
 * ca-certificates pulls in): a root CA, an intermediate CA it signed, and a server certificate for 127.0.0.1 and
 * localhost signed by the intermediate, whose key is in the traditional RSA form ({@code openssl genrsa
 * -traditional}). Where openssl is missing the calling test is skipped, except in CI ({@code CI=true}).
 */
final class TestCertificates {

    private static final File OPENSSL = new File("/usr/bin/openssl");

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    static void requireOpenssl() {
        boolean present = OPENSSL.canExecute();
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI needs " + OPENSSL + " (apt-get install openssl) for the TLS tests");
        }
        Assumptions.assumeTrue(present, "TLS tests skipped: " + OPENSSL + " is not installed (apt-get install openssl)");
    }

    /** Makes the root, the intermediate and the server's certificate (with its chain file) in {@code dir}. */
    static TestCertificates create(Path dir) {
        requireOpenssl();
        TestCertificates files = new TestCertificates(dir);
        files.write("ca.ext", "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n");
        files.write("server.ext", "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
                + "extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n");
        files.openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "root.key");
        files.openssl("req", "-x509", "-new", "-key", "root.key", "-subj", "/CN=Symple Test Root", "-days", "2",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                "-out", "root.pem");
        files.openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "intermediate.key");
        files.openssl("req", "-new", "-key", "intermediate.key", "-subj", "/CN=Symple Test Intermediate", "-out", "intermediate.csr");
        files.openssl("x509", "-req", "-in", "intermediate.csr", "-CA", "root.pem", "-CAkey", "root.key", "-set_serial", "2",
                "-days", "2", "-extfile", "ca.ext", "-out", "intermediate.pem");
        files.openssl("genrsa", "-traditional", "-out", "server.key", "2048");
        files.openssl("req", "-new", "-key", "server.key", "-subj", "/CN=localhost", "-out", "server.csr");
        files.openssl("x509", "-req", "-in", "server.csr", "-CA", "intermediate.pem", "-CAkey", "intermediate.key",
                "-set_serial", "3", "-days", "2", "-extfile", "server.ext", "-out", "server.pem");
        files.write("chain.pem", files.read("server.pem") + files.read("intermediate.pem"));
        return files;
    }

    /** The server's key, {@code BEGIN RSA PRIVATE KEY} (PKCS#1). */
    Path serverKey() {
        return dir.resolve("server.key");
    }

    /** The server's certificate followed by the intermediate that signed it. */
    Path chain() {
        return dir.resolve("chain.pem");
    }

    Path root() {
        return dir.resolve("root.pem");
    }

    /** The root's own key: a valid PKCS#8 EC key that belongs to no certificate of the chain. */
    Path rootKey() {
        return dir.resolve("root.key");
    }

    /** A client context that trusts the root alone, so a handshake succeeds only with the intermediate served. */
    SSLContext clientContext() {
        try (InputStream in = Files.newInputStream(root())) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("root", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory managers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            managers.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, managers.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs openssl with these arguments in the directory; fails the test with openssl's output if it fails. */
    void openssl(String... arguments) {
        List<String> command = new ArrayList<>(List.of(OPENSSL.getPath()));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void write(String name, String text) {
        try {
            Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String read(String name) {
        try {
            return Files.readString(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path file(String name) {
        return dir.resolve(name);
    }
}
