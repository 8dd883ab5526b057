package org.symple.server.metrics;

/**
 * Every event the server counts, one constant each. The name is the figure's key in {@code /health} and the admin
 * view; JMX capitalises it and {@code /metrics} writes it in snake case with a {@code symple_} prefix.
 */
public enum Counter {
    CONNECTIONS_OPENED("connectionsOpened", "Connections accepted"),
    CONNECTIONS_REFUSED("connectionsRefused", "Connections refused at capacity or while stopping"),
    FRAMES_IN("framesIn", "Frames received, valid or not"),
    FRAMES_OUT("framesOut", "Frames whose send completed"),
    FRAMES_COALESCED("framesCoalesced", "Presence frames replaced by a newer one before a slow reader got them"),
    QUEUE_OVERFLOWS("queueOverflows", "Connections closed because their outbound queue overflowed"),
    SEND_TIMEOUTS("sendTimeouts", "Connections closed because one send stayed in flight too long"),
    SEND_FAILURES("sendFailures", "Connections closed because the container failed a send"),
    PING_TIMEOUTS("pingTimeouts", "Connections closed because they missed two pongs"),
    AUTH_TIMEOUTS("authTimeouts", "Sockets closed because they did not authenticate in time"),
    RATE_LIMITED("rateLimited", "Connections closed for exceeding the rate limit"),
    OVERSIZE("oversize", "Connections closed for a frame over the size limit"),
    RESUME_PARKED("resumeParked", "Resumable peers whose connection was lost (parked)"),
    RESUMES("resumes", "Sessions resumed under the same peer id"),
    RESUME_REFUSALS("resumeRefusals", "Resume requests refused (the reason goes in the welcome)"),
    RESUME_EXPIRED("resumeExpired", "Parked sessions whose resume window passed"),
    RESUME_FRAMES_REPLAYED("resumeFramesReplayed", "Frames replayed to resumed sessions"),
    RESUME_FRAMES_DROPPED("resumeFramesDropped", "Frames dropped from resume buffers by their frame or byte bound");

    private final String key;
    private final String help;

    Counter(String key, String help) {
        this.key = key;
        this.help = help;
    }

    public String key() {
        return key;
    }

    public String help() {
        return help;
    }
}
