package org.symple.server.resume;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Resume tokens: {@code <peer id>.<256 random bits, URL-safe Base64>}. The server keeps only a token's SHA-256 and
 * compares hashes in constant time; the peer id in front says which session to compare with (it is public anyway).
 */
final class ResumeToken {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    /** Longer tokens are not looked at: a peer id (22) and the secret (43) fit well within it. */
    static final int MAX_LENGTH = 128;

    /** A token handed to a client, and the hash the server keeps of it. */
    record Issued(String token, byte[] hash) {
        @Override
        public String toString() {
            return "Issued[token=(hidden)]";
        }
    }

    private ResumeToken() {
    }

    static Issued issue(String peerId) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = peerId + "." + ENCODER.encodeToString(secret);
        return new Issued(token, hash(token));
    }

    /** The peer id a token names, or null when it is not shaped like a token. */
    static String peerIdOf(String token) {
        if (token == null || token.length() > MAX_LENGTH) {
            return null;
        }
        int dot = token.lastIndexOf('.');
        return dot <= 0 || dot == token.length() - 1 ? null : token.substring(0, dot);
    }

    static byte[] hash(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing", e);
        }
    }

    /** Whether {@code token} hashes to {@code expected}, compared in constant time; false for a null {@code expected}. */
    static boolean matches(byte[] expected, String token) {
        return expected != null && MessageDigest.isEqual(expected, hash(token));
    }
}
