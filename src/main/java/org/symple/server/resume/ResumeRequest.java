package org.symple.server.resume;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Optional;

/**
 * What an {@code auth} frame's {@code "resume":{"token":…,"seq":N}} asks: the token and the last seq the client
 * processed. A member of the wrong type reads as a token or seq that matches nothing (seq -1).
 */
public record ResumeRequest(String token, long seq) {

    /** The request in an auth frame; empty when it has no {@code resume} object. */
    public static Optional<ResumeRequest> of(JsonObject auth) {
        JsonValue value = auth.get("resume");
        if (value == null || value.getValueType() != JsonValue.ValueType.OBJECT) {
            return Optional.empty();
        }
        JsonObject resume = value.asJsonObject();
        String token = resume.get("token") instanceof JsonString text ? text.getString() : null;
        long seq = -1;
        if (resume.get("seq") instanceof JsonNumber number && number.isIntegral()) {
            try {
                seq = number.longValueExact();
            } catch (ArithmeticException tooLarge) {
                seq = -1;
            }
        }
        return Optional.of(new ResumeRequest(token, seq));
    }

    @Override
    public String toString() {
        return "ResumeRequest[token=(hidden), seq=" + seq + "]";
    }
}
