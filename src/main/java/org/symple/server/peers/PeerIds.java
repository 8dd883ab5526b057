package org.symple.server.peers;

import java.security.SecureRandom;
import java.util.Base64;

/** Peer ids (the {@code id} of {@code user|id}): 128 bits from a CSPRNG, URL-safe Base64 (22 characters, never a {@code |}). */
public final class PeerIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private PeerIds() {
    }

    public static String next() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }
}
