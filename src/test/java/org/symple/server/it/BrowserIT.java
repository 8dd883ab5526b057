package org.symple.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.symple.server.it.support.Browser.eventually;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.symple.server.it.support.Browser;
import org.symple.server.it.support.ServerProbe;
import org.symple.server.it.support.ServerTest;
import org.symple.server.it.support.TestClient;
import org.symple.server.testing.Deployments;

/**
 * The browser app and the admin view in headless Chromium against the deployed WAR: chat and presence between two
 * pages, a page and a symple-client style peer, a WebRTC call between two pages with fake cameras, a refused
 * join, and the admin view's live connection count behind the container's login.
 */
class BrowserIT extends ServerTest {

    /** Each leg's test operator in the symple-admin group (src/test/liberty/config, src/test/wildfly, src/test/payara). */
    private static final String OPERATOR = "symple-operator";
    private static final String OPERATOR_PASSWORD = "operator-secret";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("browser", Map.of());
    }

    @BeforeAll
    static void chromium() {
        Browser.requireChromium();
    }

    private String page() {
        return "http://127.0.0.1:" + base.getPort() + base.getPath();
    }

    private Browser openApp(String user, String room) {
        Browser browser = Browser.open();
        browser.go(page() + "?user=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&room=" + URLEncoder.encode(room, StandardCharsets.UTF_8));
        eventually().until(() -> "online".equals(browser.attribute("#state", "data-state"))
                && browser.find("#rooms li[data-room='" + room + "']") != null);
        return browser;
    }

    private static String peer(String user) {
        return "li.peer[data-user='" + user + "']";
    }

    @Test
    void twoPagesChatAndSeeEachOthersPresence() {
        try (Browser alice = openApp("alice-web", "lobby-web")) {
            try (Browser bob = openApp("bob-web", "lobby-web")) {
                eventually().until(() -> "true".equals(alice.attribute("#roster " + peer("bob-web"), "data-online"))
                        && "true".equals(bob.attribute("#roster " + peer("alice-web"), "data-online")));

                bob.script("const s = document.getElementById('status'); s.value = 'away';"
                        + " s.dispatchEvent(new Event('change'));");
                eventually().until(() -> "away".equals(alice.attribute("#roster " + peer("bob-web"), "data-status")));

                alice.type("#text", "hello from alice");
                alice.click("#say button");
                eventually().until(() -> bob.all("#chat li.line").stream()
                        .anyMatch(line -> line.getText().contains("hello from alice")
                                && line.getText().startsWith("alice-web")));
                bob.type("#text", "hi alice");
                bob.click("#say button");
                eventually().until(() -> alice.all("#chat li.line").stream()
                        .anyMatch(line -> line.getText().contains("hi alice")));
            }
            eventually().until(() -> "false".equals(alice.attribute("#roster " + peer("bob-web"), "data-online")));
        }
    }

    @Test
    void aPageAndASympleClientStylePeerSeeEachOther() {
        try (Browser carol = openApp("carol-web", "mixed-web");
                TestClient dave = TestClient.jsStyle(uri(), "dave-web")) {
            eventually().until(dave::isOnline);
            dave.join("mixed-web");
            eventually().until(() -> dave.roster().stream().anyMatch(a -> a.startsWith("carol-web|")));
            eventually().until(() -> "true".equals(carol.attribute(peer("dave-web"), "data-online")));

            dave.say("mixed-web", "hello from dave");
            eventually().until(() -> carol.all("#chat li.line").stream()
                    .anyMatch(line -> line.getText().contains("hello from dave")));
            carol.type("#text", "hello dave");
            carol.click("#say button");
            eventually().until(() -> dave.chat().contains("hello dave"));
        }
    }

    /** Both pages open the same link, as two tabs of {@code ?user=erin&room=lobby} do: two sessions of one user. */
    @Test
    void aCallBetweenTwoPagesConnectsWithLiveVideoAndHangsUpOnBothSides() {
        try (Browser firstTab = openApp("erin-web", "call-web"); Browser secondTab = openApp("erin-web", "call-web")) {
            eventually().until(() -> firstTab.find("#roster " + peer("erin-web") + " button.call") != null);
            firstTab.click("#roster " + peer("erin-web") + " button.call");
            eventually().until(() -> "ringing".equals(secondTab.attribute("#call-state", "data-state")));
            secondTab.click("#accept");

            eventually().until(() -> "connected".equals(firstTab.attribute("#call-state", "data-state"))
                    && "connected".equals(secondTab.attribute("#call-state", "data-state")));
            for (Browser side : new Browser[] {firstTab, secondTab}) {
                eventually().until(() -> ((Number) side.script("return document.getElementById('remote-video').videoWidth")).intValue() > 0);
                double first = ((Number) side.script("return document.getElementById('remote-video').currentTime")).doubleValue();
                eventually().until(() -> ((Number) side.script("return document.getElementById('remote-video').currentTime")).doubleValue() > first + 0.5);
            }
            firstTab.screenshot("app-call");

            secondTab.click("#hangup");
            eventually().until(() -> "ended".equals(firstTab.attribute("#call-state", "data-state"))
                    && "ended".equals(secondTab.attribute("#call-state", "data-state")));
            assertTrue(firstTab.text("#call-state").contains("hung up"), firstTab.text("#call-state"));
            assertEquals(Boolean.TRUE, firstTab.script("return document.getElementById('remote-video').srcObject === null"));
        }
    }

    @Test
    void aDeclinedCallEndsOnBothSides() {
        try (Browser gail = openApp("gail-web", "decline-web"); Browser hugo = openApp("hugo-web", "decline-web")) {
            eventually().until(() -> gail.find("#roster " + peer("hugo-web") + " button.call") != null);
            gail.click("#roster " + peer("hugo-web") + " button.call");
            eventually().until(() -> "ringing".equals(hugo.attribute("#call-state", "data-state")));
            hugo.click("#decline");
            eventually().until(() -> "ended".equals(gail.attribute("#call-state", "data-state"))
                    && "ended".equals(hugo.attribute("#call-state", "data-state")));
            assertTrue(gail.text("#call-state").contains("declined"), gail.text("#call-state"));
        }
    }

    @Test
    void aRefusedJoinShowsTheServersMessage() {
        try (TestClient owner = TestClient.online(uri(), "iris-web"); Browser jack = openApp("jack-web", "refusal-web")) {
            jack.type("#join-room", "iris-web"); // another online user's own room
            jack.click("#join button");
            eventually().until(() -> {
                String error = jack.text("#error");
                return error != null && error.contains("400") && error.contains("Room not allowed");
            });
            assertTrue(jack.find("#rooms li[data-room='iris-web']") == null, "the refused room is listed");
        }
    }

    @Test
    void theAdminViewNeedsTheRoleAndShowsTheLiveConnectionCount() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(page() + "admin/stats")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode(), anonymous.body());

        try (Browser admin = Browser.open().signedIn(OPERATOR, OPERATOR_PASSWORD)) {
            // the other tests' pages have gone once the server counts no connection
            ServerProbe probe = new ServerProbe(base);
            eventually().until(() -> probe.count("connections") == 0);
            admin.go(page() + "admin/");
            eventually().until(() -> "0".equals(admin.text("#connections")));
            int idle = 0;
            try (TestClient one = TestClient.online(uri(), "kim-web", "admin-web");
                    TestClient two = TestClient.online(uri(), "lee-web", "admin-web")) {
                eventually().until(() -> String.valueOf(idle + 2).equals(admin.text("#connections")));
                eventually().until(() -> admin.all("#instances tbody tr").size() == 1
                        && admin.text("#instances tbody tr").startsWith("this instance"));
                assertTrue(!admin.find("body").getText().contains("kim-web"), "peer names shown without the setting");
                // the connection chart has drawn a few samples of the live figures
                eventually().until(() -> String.valueOf(admin.attribute("#chart-connections", "points")).split(" ").length >= 5);
                admin.screenshot("admin-view");
            }
            eventually().until(() -> String.valueOf(idle).equals(admin.text("#connections")));
        }
    }
}
