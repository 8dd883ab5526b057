package org.symple.server.resume;

/** Why a resume was refused: the {@code reason} of {@code "resume":{"resumed":false,…}} in the welcome. */
public enum ResumeFailure {
    /** No session under this token here: never issued, not shaped like a token, or forgotten (a restart). */
    UNKNOWN("unknown"),
    /** The token names a session but is not its token. */
    INVALID("invalid"),
    /** The token was already used to resume; the session has a newer one. */
    USED("used"),
    /** The window passed since the connection was lost. */
    EXPIRED("expired"),
    /** Frames after the client's {@code seq} were dropped from the buffer (its count or byte bound). */
    OVERFLOW("overflow"),
    /** The auth frame authenticated another user than the session's. */
    USER("user"),
    /** Token mode: another token session than the one the session was opened with. */
    SESSION("session"),
    /** {@code seq} is not a number from 0 to the last one the server sent. */
    SEQ("seq");

    private final String reason;

    ResumeFailure(String reason) {
        this.reason = reason;
    }

    /** The name on the wire. */
    public String reason() {
        return reason;
    }
}
