package org.symple.server.protocol;

import jakarta.websocket.CloseReason.CloseCodes;

/** The error frames the server sends, each with the close code that follows it, if any. */
public enum ErrorCode {
    AUTH_TIMEOUT(408, "Authentication timeout", CloseCodes.VIOLATED_POLICY),
    NOT_AUTHENTICATED(401, "Not authenticated", CloseCodes.VIOLATED_POLICY),
    MISSING_USER(401, "Missing user field", CloseCodes.VIOLATED_POLICY),
    INVALID_USER(401, "Invalid user field", CloseCodes.VIOLATED_POLICY),
    MISSING_TOKEN(401, "Authentication failed: Missing token", CloseCodes.VIOLATED_POLICY),
    NO_SESSION(401, "Authentication failed: No session", CloseCodes.VIOLATED_POLICY),
    SESSION_NOT_OBJECT(401, "Authentication failed: Session must be an object", CloseCodes.VIOLATED_POLICY),
    REDIS_ERROR(401, "Authentication failed: Redis error: ", CloseCodes.VIOLATED_POLICY),
    INVALID_SESSION(401, "Invalid peer session", CloseCodes.VIOLATED_POLICY),
    AUTH_FAILED(401, "Authentication failed", CloseCodes.VIOLATED_POLICY),
    DYNAMIC_ROOMS_DISABLED(400, "Dynamic rooms disabled", null),
    ROOM_NOT_ALLOWED(400, "Room not allowed", null),
    TOO_MANY_ROOMS(400, "Too many rooms", null),
    MESSAGE_TOO_LARGE(413, "Message too large", CloseCodes.VIOLATED_POLICY),
    RATE_LIMITED(429, "Rate limit exceeded", CloseCodes.VIOLATED_POLICY),
    AT_CAPACITY(503, "Server at capacity", CloseCodes.TRY_AGAIN_LATER);

    private final int status;
    private final String message;
    private final CloseCodes closeCode;

    ErrorCode(int status, String message, CloseCodes closeCode) {
        this.status = status;
        this.message = message;
        this.closeCode = closeCode;
    }

    public int status() {
        return status;
    }

    public String message() {
        return message;
    }

    /** The close code sent after this error once authenticated; null when the socket stays open. */
    public CloseCodes closeCode() {
        return closeCode;
    }
}
