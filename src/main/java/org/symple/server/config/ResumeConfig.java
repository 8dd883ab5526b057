package org.symple.server.config;

/**
 * The {@code resume} extension: how long a lost connection can be resumed ({@code SYMPLE_RESUME_WINDOW}, seconds; 0
 * turns the extension off), how long a parked peer still counts as online before its co-members hear it go offline
 * ({@code SYMPLE_RESUME_GRACE}, seconds, at most the window), and the bounds of each peer's replay buffer in frames
 * ({@code SYMPLE_RESUME_MAX_FRAMES}) and UTF-8 bytes ({@code SYMPLE_RESUME_MAX_BYTES}, at most
 * {@code SYMPLE_MAX_QUEUE_BYTES}, so that a full replay fits the outbound queue).
 */
public record ResumeConfig(long windowMillis, long graceMillis, int maxFrames, long maxBytes) {

    static ResumeConfig read(SettingsReader s, ConnectionConfig connections) {
        long window = s.millis("SYMPLE_RESUME_WINDOW", 120, 0, 86_400);
        long grace = s.millis("SYMPLE_RESUME_GRACE", 10, 0, 86_400);
        int frames = s.integer("SYMPLE_RESUME_MAX_FRAMES", 1000, 1, 1_000_000);
        long bytes = s.number("SYMPLE_RESUME_MAX_BYTES", 1024 * 1024, 1024, Integer.MAX_VALUE);
        if (grace > window) {
            s.warn("SYMPLE_RESUME_GRACE=" + grace / 1000.0 + " is longer than SYMPLE_RESUME_WINDOW; using "
                    + window / 1000.0);
            grace = window;
        }
        if (bytes > connections.maxQueueBytes()) {
            s.warn("SYMPLE_RESUME_MAX_BYTES=" + bytes + " is larger than SYMPLE_MAX_QUEUE_BYTES; using "
                    + connections.maxQueueBytes());
            bytes = connections.maxQueueBytes();
        }
        return new ResumeConfig(window, grace, frames, bytes);
    }

    /** Whether the extension is offered at all. */
    public boolean enabled() {
        return windowMillis > 0;
    }

    String describe() {
        return "resumeWindowMs=" + windowMillis + " resumeGraceMs=" + graceMillis + " resumeMaxFrames=" + maxFrames
                + " resumeMaxBytes=" + maxBytes;
    }
}
