package org.symple.server.standalone;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the runner's PEM files: a private key in PKCS#8 ({@code BEGIN PRIVATE KEY}), in the traditional RSA form
 * that {@code openssl genrsa -traditional} writes ({@code BEGIN RSA PRIVATE KEY}, PKCS#1) or the traditional EC form
 * of {@code openssl ecparam -genkey} ({@code BEGIN EC PRIVATE KEY}, SEC 1), the traditional forms wrapped into
 * PKCS#8 here; and a certificate chain, the server's certificate first. Every failure names the setting and file.
 */
final class PemFiles {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    /** AlgorithmIdentifier of rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
        (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    /** The OID id-ecPublicKey (1.2.840.10045.2.1), encoded. */
    private static final byte[] EC_PUBLIC_KEY = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "EdDSA", "RSASSA-PSS");

    private PemFiles() {
    }

    /** The private key in {@code file}, named by {@code setting} in any error. */
    static PrivateKey privateKey(String setting, Path file) {
        String where = setting + " " + file;
        List<Block> blocks = blocks(where, read(where, file));
        for (Block block : blocks) {
            switch (block.label()) {
                case "PRIVATE KEY":
                    return pkcs8(where, block.der());
                case "RSA PRIVATE KEY":
                    return pkcs8(where, sequence(VERSION_0, RSA_ALGORITHM, octetString(block.der())));
                case "EC PRIVATE KEY":
                    return pkcs8(where, sequence(VERSION_0, sequence(EC_PUBLIC_KEY, curve(where, block.der())),
                            octetString(block.der())));
                case "ENCRYPTED PRIVATE KEY":
                    throw new TlsSetupException(where + ": the key is encrypted; write it unencrypted"
                            + " (openssl pkey -in encrypted.pem -out key.pem) and protect the file instead");
                default:
                    break; // EC PARAMETERS and the like may come first
            }
        }
        throw new TlsSetupException(where + ": no private key in PEM form (BEGIN PRIVATE KEY, BEGIN RSA PRIVATE KEY"
                + " or BEGIN EC PRIVATE KEY)");
    }

    /** The certificates in {@code file}, in file order (the server's own first). */
    static List<X509Certificate> certificates(String setting, Path file) {
        String where = setting + " " + file;
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block block : blocks(where, read(where, file))) {
                if (block.label().equals("CERTIFICATE")) {
                    Certificate certificate = factory.generateCertificate(new ByteArrayInputStream(block.der()));
                    chain.add((X509Certificate) certificate);
                }
            }
        } catch (CertificateException | ClassCastException e) {
            throw new TlsSetupException(where + ": not a valid certificate (" + e.getMessage() + ")");
        }
        if (chain.isEmpty()) {
            throw new TlsSetupException(where + ": no certificate in PEM form (BEGIN CERTIFICATE)");
        }
        return chain;
    }

    private static String read(String where, Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new TlsSetupException(where + ": no such file");
        } catch (AccessDeniedException e) {
            throw new TlsSetupException(where + ": cannot read the file (permission denied)");
        } catch (IOException e) {
            throw new TlsSetupException(where + ": cannot read the file ("
                    + (Files.isDirectory(file) ? "a directory" : e.getClass().getSimpleName()) + ")");
        }
    }

    private static List<Block> blocks(String where, String text) {
        List<Block> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(text);
        while (matcher.find()) {
            try {
                blocks.add(new Block(matcher.group(1), Base64.getMimeDecoder().decode(matcher.group(2))));
            } catch (IllegalArgumentException e) {
                throw new TlsSetupException(where + ": malformed PEM (the " + matcher.group(1) + " block is not Base64)");
            }
        }
        if (blocks.isEmpty()) {
            throw new TlsSetupException(where + ": malformed PEM (no -----BEGIN ...----- / -----END ...----- block)");
        }
        return blocks;
    }

    private static PrivateKey pkcs8(String where, byte[] der) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException notThisAlgorithm) {
                // try the next one
            }
        }
        throw new TlsSetupException(where + ": malformed PEM (the key is not a valid RSA, EC or EdDSA private key)");
    }

    /** The named curve of a SEC 1 ECPrivateKey: the OID in its optional [0] parameters, as encoded. */
    private static byte[] curve(String where, byte[] sec1) {
        try {
            Der key = Der.at(sec1, 0);
            if (key.tag() == 0x30) {
                for (int at = key.contentStart(); at < key.end(); at = Der.at(sec1, at).end()) {
                    Der field = Der.at(sec1, at);
                    Der inner = field.tag() == 0xa0 ? Der.at(sec1, field.contentStart()) : null;
                    if (inner != null && inner.tag() == 0x06) {
                        return Arrays.copyOfRange(sec1, inner.start(), inner.end());
                    }
                }
            }
        } catch (IndexOutOfBoundsException | IllegalArgumentException malformed) {
            // reported below
        }
        throw new TlsSetupException(where + ": malformed PEM (an EC PRIVATE KEY without a named curve)");
    }

    private static byte[] sequence(byte[]... parts) {
        return tagged(0x30, parts);
    }

    private static byte[] octetString(byte[] content) {
        return tagged(0x04, content);
    }

    private static byte[] tagged(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.size();
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }

    /** One PEM block: its label and decoded bytes. */
    private record Block(String label, byte[] der) {
    }

    /** One DER element: its tag, where it starts, where its content starts and where it ends. */
    private record Der(int tag, int start, int contentStart, int end) {

        static Der at(byte[] bytes, int start) {
            int first = bytes[start + 1] & 0xff;
            int lengthBytes = first < 0x80 ? 0 : first & 0x7f;
            if (lengthBytes > 3) {
                throw new IllegalArgumentException("length");
            }
            int length = first < 0x80 ? first : 0;
            for (int i = 0; i < lengthBytes; i++) {
                length = (length << 8) | (bytes[start + 2 + i] & 0xff);
            }
            int contentStart = start + 2 + lengthBytes;
            if (contentStart + length > bytes.length) {
                throw new IllegalArgumentException("length");
            }
            return new Der(bytes[start] & 0xff, start, contentStart, contentStart + length);
        }
    }
}
