package org.symple.server.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.servlet.http.HttpSession;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Only an HTTP session created by the upgrade itself is discarded. */
class NewHttpSessionTest {

    private final List<String> calls = new ArrayList<>();

    private HttpSession session(boolean isNew, boolean valid) {
        return (HttpSession) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {HttpSession.class},
                (proxy, method, args) -> {
                    calls.add(method.getName());
                    if (!valid) {
                        throw new IllegalStateException("invalidated");
                    }
                    return "isNew".equals(method.getName()) ? isNew : null;
                });
    }

    @Test
    void aSessionCreatedByTheUpgradeIsInvalidated() {
        HandshakeConfigurator.discardNewHttpSession(session(true, true));
        assertEquals(List.of("isNew", "invalidate"), calls);
    }

    @Test
    void aSessionTheClientAlreadyHadIsKept() {
        HandshakeConfigurator.discardNewHttpSession(session(false, true));
        assertEquals(List.of("isNew"), calls);
    }

    @Test
    void noSessionOrAnInvalidOneIsNothingToDo() {
        HandshakeConfigurator.discardNewHttpSession(null);
        HandshakeConfigurator.discardNewHttpSession(session(true, false));
        assertEquals(List.of("isNew"), calls);
    }
}
