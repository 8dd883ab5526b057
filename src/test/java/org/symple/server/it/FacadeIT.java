package org.symple.server.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.symple.server.it.support.Facade;
import org.symple.server.it.support.FacadeServlet;
import org.symple.server.it.support.ServerTest;
import org.symple.server.it.support.TestClient;
import org.symple.server.testing.Deployments;

/** The SympleServer facade application code injects: virtual peers and trusted sends. */
class FacadeIT extends ServerTest {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("facade", Map.of(), FacadeServlet.class);
    }

    private static final String MEDIA = "{\"id\":\"media-server\",\"user\":\"media-server\",\"name\":\"Media Server\",\"type\":\"media-server\"}";

    /** The messages (not presence) the virtual peer's handler was given. */
    private List<JsonObject> messages(Facade facade, String id) {
        return Json.createReader(new StringReader(facade.call("received", "id", id))).readArray()
                .getValuesAs(JsonObject.class).stream().filter(f -> "message".equals(f.getString("type"))).toList();
    }

    // conformance T84, T85
    @Test
    void aVirtualPeerIsSeenReachedWithPermissionChecksAndRemoved() {
        Facade facade = new Facade(base);
        assertEquals("true", facade.call("addVirtual", "id", "media-server", "peer", MEDIA, "room", "public-84"));
        assertEquals("false", facade.call("addVirtual", "id", "media-server", "peer", MEDIA, "room", "public-84"));
        try (TestClient alice = TestClient.online(uri(), "alice-84", "public-84"); TestClient eve = TestClient.online(uri(), "eve-84")) {
            JsonObject snapshot = alice.next();
            assertEquals("media-server", snapshot.getJsonObject("data").getString("id"));
            assertEquals("media-server", snapshot.getJsonObject("data").getString("type"));
            alice.send("{\"type\":\"message\",\"to\":\"media-server|media-server\",\"data\":{\"n\":1}}");
            eve.send("{\"type\":\"message\",\"to\":\"media-server|media-server\",\"data\":{\"n\":2}}");
            await().atMost(Duration.ofSeconds(2)).until(() -> !messages(facade, "media-server").isEmpty());
            eve.assertQuiet();
            List<JsonObject> frames = messages(facade, "media-server");
            assertEquals(1, frames.size(), frames::toString);
            assertEquals(alice.address(), frames.get(0).getString("from"));
            assertEquals("true", facade.call("removeVirtual", "id", "media-server"));
            JsonObject offline = alice.next();
            assertEquals("media-server|media-server", offline.getString("from"));
            assertFalse(offline.getJsonObject("data").getBoolean("online"));
        }
    }

    // conformance T86
    @Test
    void trustedSendsReachEverySessionOfAUserOrOneSessionVerbatim() {
        Facade facade = new Facade(base);
        try (TestClient a1 = TestClient.online(uri(), "alice-86"); TestClient a2 = TestClient.online(uri(), "alice-86")) {
            a1.drain();
            a2.drain();
            String frame = "{\"type\":\"message\",\"from\":\"server\",\"data\":{\"n\":86}}";
            assertEquals("2", facade.call("sendToUser", "user", "alice-86", "frame", frame));
            assertEquals(TestClient.parse(frame), a1.next());
            assertEquals(TestClient.parse(frame), a2.next());
            assertEquals("true", facade.call("sendTo", "id", a1.id(), "frame", frame));
            assertEquals(TestClient.parse(frame), a1.next());
            a2.assertQuiet();
        }
    }

    @Test
    void applicationObserversHearEachPeerComeAndGoOnce() {
        Facade facade = new Facade(base);
        String alice;
        try (TestClient client = TestClient.online(uri(), "alice-events")) {
            alice = client.address();
            await().atMost(Duration.ofSeconds(2)).until(() -> facade.call("events").contains("+" + alice));
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> facade.call("events").contains("-" + alice));
        assertEquals("true", facade.call("addVirtual", "id", "bot-events",
                "peer", "{\"id\":\"bot-events\",\"user\":\"bot-events\",\"name\":\"Bot\"}", "room", "r-events"));
        assertEquals("true", facade.call("removeVirtual", "id", "bot-events"));
        List<String> mine = facade.call("events").lines()
                .filter(e -> e.contains("alice-events|") || e.contains("bot-events|")).toList();
        assertEquals(List.of("+" + alice, "-" + alice, "+bot-events|bot-events", "-bot-events|bot-events"), mine);
    }
}
