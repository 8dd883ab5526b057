package org.symple.server.auth;

import java.util.concurrent.CompletionStage;

/**
 * Application hook deciding whether a peer may join, as a CDI bean in the application. It runs after the built-in
 * checks (and, in token mode, after the Redis session lookup); it may complete asynchronously. A failed stage
 * rejects the peer with the exception's message.
 */
public interface Authenticator {

    CompletionStage<AuthDecision> authenticate(AuthRequest request);
}
