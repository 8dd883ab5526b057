package org.symple.server.auth;

import java.util.List;
import org.symple.server.config.SympleConfig;
import org.symple.server.rooms.RoomPolicy;

/** Builds an anonymous-mode {@link AuthService} with the given authenticators, for tests outside this package. */
public final class AuthFixture {

    private AuthFixture() {
    }

    public static AuthService anonymous(SympleConfig config, List<Authenticator> authenticators) {
        AuthService auth = new AuthService();
        auth.config = config;
        auth.roomPolicy = new RoomPolicy(config);
        auth.authenticators = new ListInstance<>(authenticators);
        return auth;
    }
}
