package org.symple.server.standalone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.glassfish.grizzly.ssl.SSLEngineConfigurator;
import org.symple.server.config.ListenConfig;

/**
 * TLS for the runner's one listener ({@code SYMPLE_SSL_ENABLED} with the PEM files {@code SYMPLE_SSL_KEY} and
 * {@code SYMPLE_SSL_CERT}): the key and the certificate chain, checked to belong together, in a server-side TLS
 * 1.3 and 1.2 engine. Read before anything starts, so that a file it cannot use stops the runner before it listens.
 */
final class ServerTls {

    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private static final Logger LOG = Logger.getLogger(ServerTls.class.getName());
    private static final String KEY = "SYMPLE_SSL_KEY";
    private static final String CERT = "SYMPLE_SSL_CERT";

    private ServerTls() {
    }

    /** The TLS engine configuration, or empty when TLS is off; throws {@link TlsSetupException} naming the file. */
    static Optional<SSLEngineConfigurator> from(ListenConfig listen) {
        if (!listen.sslRequested()) {
            return Optional.empty();
        }
        Path keyFile = path(KEY, listen.sslKey());
        Path certFile = path(CERT, listen.sslCert());
        PrivateKey key = PemFiles.privateKey(KEY, keyFile);
        List<X509Certificate> chain = PemFiles.certificates(CERT, certFile);
        if (!matches(key, chain.get(0))) {
            throw new TlsSetupException(KEY + " " + keyFile + " does not belong to the first certificate of " + CERT + " "
                    + certFile + " (" + chain.get(0).getSubjectX500Principal() + ")");
        }
        warnIfNotValidNow(certFile, chain.get(0));
        SSLEngineConfigurator engine = new SSLEngineConfigurator(context(key, chain), false, false, false);
        engine.setEnabledProtocols(PROTOCOLS.clone());
        return Optional.of(engine);
    }

    private static Path path(String setting, Optional<String> value) {
        String text = value.orElseThrow(() -> new TlsSetupException(
                "SYMPLE_SSL_ENABLED is on but " + setting + " is not set (the path of a PEM file)"));
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new TlsSetupException(setting + " " + text + ": not a file path");
        }
    }

    /** Whether the certificate's public key verifies what the private key signs. */
    private static boolean matches(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            default -> throw new TlsSetupException(KEY + ": keys of type " + key.getAlgorithm() + " are not supported"
                    + " (use RSA, EC or EdDSA)");
        };
        byte[] probe = "symple key check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // a key of another type than the certificate's cannot verify
        }
    }

    private static void warnIfNotValidNow(Path certFile, X509Certificate certificate) {
        try {
            certificate.checkValidity();
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            LOG.warning(CERT + " " + certFile + ": the certificate is valid from " + certificate.getNotBefore() + " to "
                    + certificate.getNotAfter() + " only; clients will refuse it");
        }
    }

    private static SSLContext context(PrivateKey key, List<X509Certificate> chain) {
        char[] password = new char[16];
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < password.length; i++) {
            password[i] = (char) ('a' + random.nextInt(26));
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("symple", key, password, chain.toArray(new Certificate[0]));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsSetupException(KEY + "/" + CERT + ": the key and certificates cannot serve TLS (" + e.getMessage() + ")");
        }
    }
}
