package org.symple.server.auth;

import org.symple.server.protocol.ErrorCode;

/** Why authentication failed: the 401 message sent to the client before the socket closes. */
public final class AuthFailure extends RuntimeException {

    private final int status;

    public AuthFailure(ErrorCode code) {
        this(code.status(), code.message());
    }

    public AuthFailure(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
