package org.symple.server.cluster;

import java.util.List;
import java.util.Map;
import org.symple.server.protocol.OutgoingFrame;

/**
 * A resumable session as the cluster keeps it: {@code fields} of its record (token hash, used token hashes, user,
 * token-session hash, owning instance, last seq, public peer object, rooms, online since, when lost), and whether a
 * record of this id existed within twice the window (its token then reads as expired rather than unknown).
 */
public record ResumeRecord(Map<String, String> fields, boolean existed) {

    /** What a take-over found: whether it won, the last seq the session had, the frames kept (in seq order). */
    public record TakeOver(boolean won, long seq, List<OutgoingFrame> frames) {
    }

    public boolean present() {
        return !fields.isEmpty();
    }

    public String field(String name) {
        return fields.get(name);
    }

    public long number(String name) {
        try {
            return Long.parseLong(fields.getOrDefault(name, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
