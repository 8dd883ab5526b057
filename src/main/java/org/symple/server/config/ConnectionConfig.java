package org.symple.server.config;

import java.util.Locale;

/**
 * What one WebSocket connection may do and how it is served: the connection limit, frame size, rate bucket, pings,
 * the outbound queue's byte bound and send timeout, and the send path.
 */
public record ConnectionConfig(int maxConnections, int maxMessageSize, double rateLimit, double rateSeconds,
        long pingIntervalMillis, long maxQueueBytes, long sendTimeoutMillis, String sendPath) {

    /** {@code SYMPLE_SEND_PATH}: a container-specific send detour where one measured cheaper. */
    public static final String AUTO = "auto";
    /** {@code SYMPLE_SEND_PATH}: always one plain asynchronous send in flight. */
    public static final String PLAIN = "plain";

    private static final long UNLIMITED_FRAME_BUFFER = 64L * 1024 * 1024;

    static ConnectionConfig read(SettingsReader s) {
        return new ConnectionConfig(
                s.integer("SYMPLE_MAX_CONNECTIONS", 1024, 0, Integer.MAX_VALUE),
                s.integer("SYMPLE_MAX_MESSAGE_SIZE", 65536, 0, 64 * 1024 * 1024),
                s.decimal("SYMPLE_RATE_LIMIT", 100, 1, 1e9),
                s.decimal("SYMPLE_RATE_SECONDS", 10, 0.001, 1e9),
                s.millis("SYMPLE_PING_INTERVAL", 30, 0, 86_400),
                s.number("SYMPLE_MAX_QUEUE_BYTES", 1024 * 1024, 1024, Integer.MAX_VALUE),
                s.millis("SYMPLE_SEND_TIMEOUT", 30, 0, 86_400),
                sendPath(s));
    }

    private static String sendPath(SettingsReader s) {
        String value = s.raw("SYMPLE_SEND_PATH").orElse(AUTO).toLowerCase(Locale.ROOT);
        if (value.equals(AUTO) || value.equals(PLAIN)) {
            return value;
        }
        s.warn("SYMPLE_SEND_PATH=" + value + " is neither auto nor plain; using auto");
        return AUTO;
    }

    /**
     * The container's incoming frame buffer: twice the frame limit plus slack, so that the server sees an oversized
     * frame and answers it (413) instead of the container dropping the socket; 64 MiB when frames are unlimited.
     */
    public int frameBufferBytes() {
        long bytes = maxMessageSize == 0 ? UNLIMITED_FRAME_BUFFER : 2L * maxMessageSize + 1024;
        return (int) Math.min(Integer.MAX_VALUE - 64L, bytes);
    }

    String describe() {
        return "maxConnections=" + maxConnections + " maxMessageSize=" + maxMessageSize + " rate=" + rateLimit + "/"
                + rateSeconds + "s pingIntervalMs=" + pingIntervalMillis + " maxQueueBytes=" + maxQueueBytes
                + " sendTimeoutMs=" + sendTimeoutMillis + " sendPath=" + sendPath;
    }
}
