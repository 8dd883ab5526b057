package org.symple.server.endpoint;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {

    private final OriginPolicy enforced = new OriginPolicy(true, List.of("https://app.example"));

    @Test
    void enforcedPolicyAllowsListedSameAndMissingOriginsOnly() {
        assertTrue(enforced.allows("https://app.example", "symple.example:4500"));
        assertTrue(enforced.allows("HTTPS://APP.EXAMPLE/", "symple.example:4500"));
        assertTrue(enforced.allows("http://symple.example:4500", "symple.example:4500"));
        assertTrue(enforced.allows(null, "symple.example:4500"));
        assertTrue(enforced.allows("", null));
        assertFalse(enforced.allows("https://evil.example", "symple.example:4500"));
    }

    @Test
    void withoutEnforcementEveryOriginIsAllowed() {
        assertTrue(new OriginPolicy(false, List.of()).allows("https://evil.example", "h"));
    }
}
