package org.symple.server.it.support;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.symple.server.api.PeerConnected;
import org.symple.server.api.PeerDisconnected;

/** An application observer of the peer events, for tests: remembers each event as {@code +address} or {@code -address}. */
@ApplicationScoped
public class PeerEventLog {

    private final List<String> events = new CopyOnWriteArrayList<>();

    void connected(@Observes PeerConnected event) {
        events.add("+" + event.address() + (event.peer().getBoolean("online") ? "" : " (offline?)"));
    }

    void disconnected(@Observes PeerDisconnected event) {
        events.add("-" + event.address() + (event.peer().getBoolean("online") ? " (online?)" : ""));
    }

    public List<String> events() {
        return List.copyOf(events);
    }
}
