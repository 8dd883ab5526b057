package org.symple.server.ice;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.symple.server.config.Secret;

/**
 * A TURN credential in the REST scheme that coturn checks with {@code use-auth-secret}: the user name is
 * {@code "<unix expiry>:<user>"} and the password is Base64(HMAC-SHA1(secret, user name)). The TURN server
 * recomputes the password from the shared secret and refuses the name once its expiry has passed.
 */
public record TurnCredential(String username, String credential, long expiresAtEpochSecond) {

    private static final String HMAC_SHA1 = "HmacSHA1";

    /** The credential for {@code user}, valid until {@code expiresAtEpochSecond} (seconds since 1970, UTC). */
    public static TurnCredential issue(Secret secret, String user, long expiresAtEpochSecond) {
        String username = expiresAtEpochSecond + ":" + user;
        try {
            Mac mac = Mac.getInstance(HMAC_SHA1);
            mac.init(new SecretKeySpec(secret.utf8(), HMAC_SHA1));
            byte[] digest = mac.doFinal(username.getBytes(StandardCharsets.UTF_8));
            return new TurnCredential(username, Base64.getEncoder().encodeToString(digest), expiresAtEpochSecond);
        } catch (GeneralSecurityException e) {
            // every Java runtime has HmacSHA1, and a non-empty key is always valid for it
            throw new IllegalStateException("HMAC-SHA1 is not available", e);
        }
    }

    /** Without the password. */
    @Override
    public String toString() {
        return "TurnCredential[" + username + "]";
    }
}
