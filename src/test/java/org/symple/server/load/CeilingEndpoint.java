package org.symple.server.load;

import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.symple.server.config.ConnectionConfig;
import org.symple.server.send.SendPath;

/**
 * The container's floor, deployed beside the Symple endpoint by the load benchmark: it answers auth and join
 * frames (recognised by their prefix) and forwards every other frame verbatim to the other sockets of its group
 * (the path segment), with one asynchronous send in flight per socket through the server's {@link SendPath}. No
 * parsing, permissions or presence.
 */
@ServerEndpoint("/ceiling/{group}")
public class CeilingEndpoint {

    private static final Map<String, Set<CeilingEndpoint>> GROUPS = new ConcurrentHashMap<>();
    private static final AtomicLong IDS = new AtomicLong();
    /** The endpoint whose sendText runs on this thread: a completion inside it must not recurse into the pump. */
    private static final ThreadLocal<CeilingEndpoint> SENDING = new ThreadLocal<>();

    private final ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean busy = new AtomicBoolean();
    private final SendHandler done = this::sent;
    private Session session;
    private SendPath path;
    private Set<CeilingEndpoint> group;

    @OnOpen
    public void open(Session session, @PathParam("group") String name) {
        this.session = session;
        this.path = SendPath.choose(session, ConnectionConfig.AUTO); // the floor with the server's best send path
        this.group = GROUPS.computeIfAbsent(name, n -> ConcurrentHashMap.newKeySet());
        group.add(this);
    }

    @OnMessage
    public void text(String text) {
        if (text.startsWith("{\"type\":\"auth\"")) {
            send("{\"type\":\"welcome\",\"protocol\":\"symple/4\",\"status\":200,\"peer\":{\"id\":\"c"
                    + IDS.incrementAndGet() + "\"}}");
        } else if (text.startsWith("{\"type\":\"join\"")) {
            send("{\"type\":\"join:ok\"}");
        } else {
            for (CeilingEndpoint other : group) {
                if (other != this) {
                    other.send(text);
                }
            }
        }
    }

    @OnClose
    public void close() {
        group.remove(this);
    }

    private void send(String text) {
        queue.add(text);
        pump();
    }

    private void pump() {
        while (busy.compareAndSet(false, true)) {
            String next = queue.poll();
            if (next == null) {
                busy.set(false);
                if (queue.isEmpty()) {
                    return;
                }
                continue;
            }
            SENDING.set(this);
            try {
                path.send(session, next, done);
            } finally {
                SENDING.remove();
            }
            if (busy.get()) {
                return; // completes later; its handler pumps on
            }
        }
    }

    private void sent(SendResult result) {
        busy.set(false);
        if (result.isOK() && SENDING.get() != this) {
            pump();
        }
    }
}
