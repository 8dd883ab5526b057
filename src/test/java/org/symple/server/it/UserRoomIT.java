package org.symple.server.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.symple.server.it.support.Facade;
import org.symple.server.it.support.FacadeServlet;
import org.symple.server.it.support.ServerTest;
import org.symple.server.it.support.TestAuthenticator;
import org.symple.server.it.support.TestClient;
import org.symple.server.it.support.UserRoomTakeover;
import org.symple.server.testing.Deployments;

/**
 * A user's room holds that user's sessions only, on one instance in anonymous mode, whatever puts a peer in a
 * room: a join frame, auth-frame rooms, an application authenticator or a virtual peer.
 */
class UserRoomIT extends ServerTest {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("userroom", Map.of(), TestAuthenticator.class, FacadeServlet.class);
    }

    @Test
    void aRoomTakenWhileItsUserWasOfflineGivesTheSquattersNothing() {
        UserRoomTakeover.Connector anonymous = (user, rooms) -> TestClient.online(uri(), user, rooms);
        UserRoomTakeover.assertNothingReachesSquatters("anon", anonymous, anonymous, anonymous);
    }

    @Test
    void aMessageForAnOfflineUserReachesNobodyInARoomOfThatName() {
        try (TestClient alice = TestClient.online(uri(), "alice-off", "lobby-off");
                TestClient mallory = TestClient.online(uri(), "mallory-off", "lobby-off")) {
            mallory.drain();
            mallory.send("{\"type\":\"join\",\"room\":\"dave-off\"}");
            assertEquals("join:ok", mallory.next().getString("type"));
            alice.drain();
            mallory.drain();
            alice.send("{\"type\":\"message\",\"to\":\"dave-off\",\"data\":{\"for\":\"dave\"}}");
            mallory.assertQuiet();
            alice.send("{\"type\":\"message\",\"to\":\"lobby-off\",\"data\":{\"for\":\"the lobby\"}}");
            assertEquals("the lobby", mallory.next().getJsonObject("data").getString("for"));
        }
    }

    @Test
    void anAuthenticatorCannotPutAPeerIntoAnotherOnlineUsersRoom() {
        try (TestClient bob = TestClient.online(uri(), "bob-hook");
                TestClient mallory = TestClient.online(uri(), "mallory-hook", Json.createObjectBuilder()
                        .add("hookRooms", Json.createArrayBuilder().add("bob-hook").add("team-hook")))) {
            assertEquals(List.of("mallory-hook", "team-hook"), mallory.welcomeRooms());
            mallory.assertQuiet();
            bob.assertQuiet();
        }
    }

    @Test
    void aVirtualPeerNeitherEntersAnotherUsersRoomNorSharesItsOwn() {
        Facade facade = new Facade(base);
        try (TestClient bob = TestClient.online(uri(), "bob-virt");
                TestClient mallory = TestClient.online(uri(), "mallory-virt")) {
            assertEquals("true", facade.call("addVirtual", "id", "bot-v1",
                    "peer", "{\"id\":\"bot-v1\",\"user\":\"bot-v1\",\"name\":\"Bot\"}", "room", "bob-virt"));
            assertEquals("1", facade.call("room", "room", "bob-virt"));
            bob.assertQuiet();

            mallory.send("{\"type\":\"join\",\"room\":\"bot-v2\"}");
            assertEquals("join:ok", mallory.next().getString("type"));
            assertEquals("true", facade.call("addVirtual", "id", "bot-v2",
                    "peer", "{\"id\":\"bot-v2\",\"user\":\"bot-v2\",\"name\":\"Bot\"}", "room", "public-virt"));
            await().atMost(Duration.ofSeconds(2)).until(() -> "1".equals(facade.call("room", "room", "bot-v2")));
            mallory.assertQuiet();
            assertEquals("true", facade.call("removeVirtual", "id", "bot-v1"));
            assertEquals("true", facade.call("removeVirtual", "id", "bot-v2"));
        }
    }
}
