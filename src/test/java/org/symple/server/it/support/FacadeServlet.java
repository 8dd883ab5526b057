package org.symple.server.it.support;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.symple.server.api.PeerConnected;
import org.symple.server.api.PeerDisconnected;
import org.symple.server.api.SympleServer;

/** Test-only window on the {@link SympleServer} facade, so that tests running outside the server can drive it. */
@WebServlet("/test-facade")
public class FacadeServlet extends HttpServlet {

    private static final Map<String, List<JsonObject>> RECEIVED = new ConcurrentHashMap<>();

    @Inject
    SympleServer server;

    @Inject
    EventLog events;

    private static JsonObject parse(String text) {
        try (var reader = Json.createReader(new java.io.StringReader(text))) {
            return reader.readObject();
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String id = request.getParameter("id");
        String result = switch (request.getParameter("op")) {
            case "count" -> String.valueOf(server.peerCount());
            case "events" -> String.join("\n", events.events());
            case "room" -> String.valueOf(server.peersInRoom(request.getParameter("room")).size());
            case "addVirtual" -> {
                List<JsonObject> received = RECEIVED.computeIfAbsent(id, key -> new CopyOnWriteArrayList<>());
                JsonObject peer = parse(request.getParameter("peer"));
                yield String.valueOf(server.addVirtualPeer(peer, List.of(request.getParameterValues("room")), received::add));
            }
            case "removeVirtual" -> String.valueOf(server.removeVirtualPeer(id));
            case "received" -> {
                JsonArrayBuilder frames = Json.createArrayBuilder();
                RECEIVED.getOrDefault(id, List.of()).forEach(frames::add);
                yield frames.build().toString();
            }
            case "sendTo" -> String.valueOf(server.sendTo(id, parse(request.getParameter("frame"))));
            case "sendToUser" -> String.valueOf(server.sendToUser(request.getParameter("user"),
                    parse(request.getParameter("frame"))));
            default -> "unknown";
        };
        response.setContentType("text/plain");
        response.getWriter().write(result);
    }

    /** An application observer of the peer events: remembers each as {@code +address} or {@code -address}. */
    @ApplicationScoped
    public static class EventLog {

        private final List<String> events = new CopyOnWriteArrayList<>();

        void connected(@Observes PeerConnected event) {
            events.add("+" + event.address() + (event.peer().getBoolean("online") ? "" : " (offline?)"));
        }

        void disconnected(@Observes PeerDisconnected event) {
            events.add("-" + event.address() + (event.peer().getBoolean("online") ? " (online?)" : ""));
        }

        List<String> events() {
            return List.copyOf(events);
        }
    }
}
