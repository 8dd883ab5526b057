package org.symple.server.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.symple.server.config.Secret;
import org.symple.server.config.Settings;
import org.symple.server.config.SympleConfig;

/**
 * The REST credential against values computed independently with OpenSSL 3.0 (Debian 12), once:
 * <pre>
 * printf %s '1767225600:alice' | openssl dgst -sha1 -hmac 'north-wind' -binary | base64
 *   55PlDxMJVdufSCmWzN2r2q6QUZA=
 * printf %s '1767312000:zoë|ops' | openssl dgst -sha1 -hmac 'päss wörd' -binary | base64   (UTF-8 terminal)
 *   pz+1EXLIgn+NI4iFL96C7MkrPI4=
 * </pre>
 */
class TurnCredentialTest {

    private static Secret secret(String text) {
        return SympleConfig.from(Settings.of(Map.of("SYMPLE_TURN_URLS", "turn:t.example", "SYMPLE_TURN_SECRET", text)))
                .ice().turnSecret().orElseThrow();
    }

    @Test
    void theUsernameIsExpiryColonUserAndThePasswordTheBase64HmacSha1OfItUnderTheSecret() {
        TurnCredential credential = TurnCredential.issue(secret("north-wind"), "alice", 1_767_225_600L);
        assertEquals("1767225600:alice", credential.username());
        assertEquals("55PlDxMJVdufSCmWzN2r2q6QUZA=", credential.credential());
        assertEquals(1_767_225_600L, credential.expiresAtEpochSecond());
    }

    @Test
    void userAndSecretAreHashedAsUtf8() {
        TurnCredential credential = TurnCredential.issue(secret("päss wörd"), "zoë|ops", 1_767_312_000L);
        assertEquals("1767312000:zoë|ops", credential.username());
        assertEquals("pz+1EXLIgn+NI4iFL96C7MkrPI4=", credential.credential());
    }

    @Test
    void theTextOfACredentialOrASecretNeverShowsThePassword() {
        TurnCredential credential = TurnCredential.issue(secret("north-wind"), "alice", 1_767_225_600L);
        assertFalse(credential.toString().contains(credential.credential()));
        assertFalse(secret("north-wind").toString().contains("north-wind"));
    }
}
