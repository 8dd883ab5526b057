package org.symple.server.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.symple.server.it.support.Browser.eventually;

import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.symple.server.it.support.Browser;
import org.symple.server.it.support.ServerTest;
import org.symple.server.it.support.TcpProxy;
import org.symple.server.it.support.TestClient;
import org.symple.server.testing.Deployments;

/**
 * The browser app with the {@code resume} extension, its page and WebSocket behind a TCP proxy that the test cuts
 * for 5 s (resets, then refuses every connection): in a chat, nothing sent meanwhile is lost and the others never
 * see the page go offline; in a call, the call goes on across the cut and a hang-up sent during a cut still ends it;
 * a call accepted while the caller's line is down (the acceptance replayed after the cut) still connects.
 * Default resume settings (grace 10 s).
 */
class BrowserResumeIT extends ServerTest {

    private static final Duration CUT = Duration.ofSeconds(5);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("browser-resume", Map.of());
    }

    @BeforeAll
    static void chromium() {
        Browser.requireChromium();
    }

    private static String page(URI socket, String user, String room) {
        return "http://127.0.0.1:" + socket.getPort() + socket.getPath() + "?user=" + user + "&room=" + room;
    }

    private static Browser openApp(URI socket, String user, String room) {
        Browser browser = Browser.open();
        browser.go(page(socket, user, room));
        eventually().until(() -> "online".equals(browser.attribute("#state", "data-state"))
                && browser.find("#rooms li[data-room='" + room + "']") != null);
        return browser;
    }

    private static String peer(String user) {
        return "li.peer[data-user='" + user + "']";
    }

    /**
     * Resets every connection of the line and refuses new ones for {@link #CUT}, while the page tries again (at least
     * two attempts refused), running {@code meanwhile} during the cut; then lets the page through.
     */
    private static void cut(TcpProxy line, Runnable meanwhile) {
        long start = System.nanoTime();
        int attempts = line.accepted();
        line.refuse(true);
        line.cut();
        meanwhile.run();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> System.nanoTime() - start >= CUT.toNanos() && line.accepted() >= attempts + 2);
        line.refuse(false);
    }

    private static List<String> lines(Browser browser) {
        return browser.all("#chat li.line").stream().map(WebElement::getText).toList();
    }

    @Test
    void aChatLosesNothingAcrossAFiveSecondCutAndNobodySeesThePageGoOffline() {
        try (TcpProxy line = TcpProxy.to(uri());
                Browser alice = openApp(line.uri(), "alice-resume", "chat-resume");
                TestClient bob = TestClient.online(uri(), "bob-resume", "chat-resume")) {
            eventually().until(() -> "true".equals(alice.attribute(peer("bob-resume"), "data-online")));
            JsonObject arrival = bob.next("presence", Duration.ofSeconds(10));
            String aliceAddress = arrival.getString("from");
            bob.drain();

            cut(line, () -> {
                for (int n = 1; n <= 4; n++) {
                    bob.send("{\"type\":\"message\",\"to\":\"chat-resume\",\"data\":{\"text\":\"gap " + n + "\"}}");
                }
            });
            eventually().until(() -> lines(alice).stream().filter(text -> text.contains("gap ")).count() == 4);
            List<String> gap = lines(alice).stream().filter(text -> text.contains("gap ")).toList();
            for (int n = 1; n <= 4; n++) {
                assertTrue(gap.get(n - 1).contains("gap " + n), gap.toString());
            }
            eventually().until(() -> "online".equals(alice.attribute("#state", "data-state")));

            alice.type("#text", "back again");
            alice.click("#say button");
            JsonObject back = bob.next("message", Duration.ofSeconds(10));
            assertEquals(aliceAddress, back.getString("from"), "the same peer");
            assertTrue(bob.drain().stream().noneMatch(frame -> "presence".equals(frame.getString("type", ""))),
                    "bob never saw the page go offline");
        }
    }

    @Test
    void aCallGoesOnAcrossACutAndAHangUpSentDuringACutStillEndsIt() {
        try (TcpProxy line = TcpProxy.to(uri());
                Browser alice = openApp(line.uri(), "alice-call-resume", "call-resume");
                Browser bob = openApp(uri(), "bob-call-resume", "call-resume")) {
            eventually().until(() -> alice.find("#roster " + peer("bob-call-resume") + " button.call") != null);
            alice.click("#roster " + peer("bob-call-resume") + " button.call");
            eventually().until(() -> "ringing".equals(bob.attribute("#call-state", "data-state")));
            bob.click("#accept");
            eventually().until(() -> "connected".equals(alice.attribute("#call-state", "data-state"))
                    && "connected".equals(bob.attribute("#call-state", "data-state")));

            cut(line, () -> { });
            eventually().until(() -> "online".equals(alice.attribute("#state", "data-state")));
            for (Browser side : new Browser[] {alice, bob}) {
                assertEquals("connected", side.attribute("#call-state", "data-state"));
                double before = videoTime(side);
                eventually().until(() -> videoTime(side) > before + 0.5);
            }

            cut(line, () -> bob.click("#hangup"));
            eventually().until(() -> "ended".equals(alice.attribute("#call-state", "data-state")));
            assertTrue(alice.text("#call-state").contains("hung up"), alice.text("#call-state"));
            assertEquals("true", bob.attribute("#roster " + peer("alice-call-resume"), "data-online"));
        }
    }

    @Test
    void aCallAcceptedWhileTheCallersLineIsDownStillConnects() {
        try (TcpProxy line = TcpProxy.to(uri());
                Browser alice = openApp(line.uri(), "alice-ice-resume", "ice-resume");
                Browser bob = openApp(uri(), "bob-ice-resume", "ice-resume")) {
            eventually().until(() -> alice.find("#roster " + peer("bob-ice-resume") + " button.call") != null);
            alice.click("#roster " + peer("bob-ice-resume") + " button.call");
            eventually().until(() -> "ringing".equals(bob.attribute("#call-state", "data-state")));
            // the acceptance reaches alice only by the replay; her offer then goes out over the resumed connection
            cut(line, () -> bob.click("#accept"));
            eventually().until(() -> "connected".equals(alice.attribute("#call-state", "data-state"))
                    && "connected".equals(bob.attribute("#call-state", "data-state")));
            double before = videoTime(alice);
            eventually().until(() -> videoTime(alice) > before + 0.5);
        }
    }

    private static double videoTime(Browser side) {
        return ((Number) side.script("return document.getElementById('remote-video').currentTime")).doubleValue();
    }
}
