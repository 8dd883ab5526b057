package org.symple.server.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.symple.server.it.support.Browser.eventually;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.symple.server.it.support.Browser;
import org.symple.server.it.support.CoturnFixture;
import org.symple.server.testing.Deployments;
import org.symple.server.testing.Product;
import org.symple.server.it.support.ServerTest;
import org.symple.server.it.support.TestClient;

/**
 * TURN credentials from the server against a real coturn (use-auth-secret): the welcome's credentials allocate a
 * relay with coturn's own client, a credential made with another secret or an expired one is refused, a client
 * that asks gets fresh credentials and nobody else hears of it, and two pages of the app in headless Chromium call
 * each other with the relay as the only path (iceTransportPolicy "relay"), refresh their credentials before they
 * expire, and say why a call fails when the relay is unreachable. Credentials live 60 s (SYMPLE_TURN_TTL), so the
 * page's refresh comes after 30 s.
 */
class TurnRelayIT extends ServerTest {

    private static final String SECRET = "turn-test-secret";
    private static final long TTL = 60;
    private static CoturnFixture turn;

    @Deployment(testable = false)
    static WebArchive deployment() {
        turn = CoturnFixture.installed() ? CoturnFixture.start(SECRET) : null; // without it, @BeforeAll skips
        return Deployments.war("turn", Map.of(
                "SYMPLE_TURN_URLS", turn == null ? "turn:127.0.0.1:3478" : turn.turnUrl(),
                "SYMPLE_STUN_URLS", turn == null ? "stun:127.0.0.1:3478" : turn.stunUrl(),
                "SYMPLE_TURN_SECRET", SECRET,
                "SYMPLE_TURN_TTL", String.valueOf(TTL)));
    }

    @BeforeAll
    static void tools() {
        CoturnFixture.require();
    }

    /** The TURN entry of an iceServers array: the one with a username. */
    private static JsonObject turnServer(JsonArray servers) {
        return servers.getValuesAs(JsonObject.class).stream().filter(server -> server.containsKey("username"))
                .findFirst().orElseThrow(() -> new AssertionError("no TURN entry in " + servers));
    }

    private static long expiry(JsonObject turnServer) {
        return Long.parseLong(turnServer.getString("username").split(":", 2)[0]);
    }

    @Test
    void theWelcomesCredentialsAllocateARelayForTheCanonicalUserUntilTheirExpiry() {
        try (TestClient ann = TestClient.online(uri(), "ann-turn")) {
            JsonObject welcome = ann.welcomeFrame();
            long now = Instant.now().getEpochSecond();
            JsonObject server = turnServer(welcome.getJsonArray("iceServers"));
            assertEquals(List.of(turn.turnUrl()), server.getJsonArray("urls").getValuesAs(JsonString::getString));
            assertTrue(server.getString("username").endsWith(":ann-turn"), server::toString);
            assertTrue(Math.abs(expiry(server) - (now + TTL)) <= 10, () -> "expiry " + expiry(server) + ", now " + now);
            assertEquals(TTL, welcome.getJsonNumber("iceServersTtl").longValue());
            assertTrue(welcome.getJsonArray("extensions").getValuesAs(JsonString::getString).contains("ice-refresh"), welcome::toString);
            assertTrue(welcome.getJsonArray("iceServers").getValuesAs(JsonObject.class).stream()
                    .anyMatch(entry -> entry.getJsonArray("urls").getString(0).equals(turn.stunUrl())), welcome::toString);

            CoturnFixture.Allocation allocation = turn.allocate(server.getString("username"), server.getString("credential"));
            assertTrue(allocation.granted(), allocation::output);
            assertTrue(turn.allocatedFor("ann-turn"), turn::log);
            assertFalse(turn.log().contains(SECRET), "coturn logged the secret");
        }
    }

    @Test
    void aCredentialMadeWithAnotherSecretOrPastItsExpiryIsRefused() {
        long now = Instant.now().getEpochSecond();
        String valid = (now + 600) + ":bo-turn";
        assertTrue(turn.allocate(valid, CoturnFixture.password(SECRET, valid)).granted(), "the control case is refused");

        CoturnFixture.Allocation otherSecret = turn.allocate(valid, CoturnFixture.password("another-secret", valid));
        assertFalse(otherSecret.granted(), otherSecret::output);

        String expired = (now - 60) + ":bo-turn";
        CoturnFixture.Allocation late = turn.allocate(expired, CoturnFixture.password(SECRET, expired));
        assertFalse(late.granted(), late::output);
    }

    @Test
    void aClientThatAsksGetsFreshCredentialsAndNobodyElseHearsOfIt() {
        try (TestClient cy = TestClient.online(uri(), "cy-turn", "refresh-turn");
                TestClient di = TestClient.online(uri(), "di-turn", "refresh-turn")) {
            cy.drain();
            di.drain();
            long first = expiry(turnServer(cy.welcomeFrame().getJsonArray("iceServers")));
            await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().getEpochSecond() + TTL > first);

            cy.send(Json.createObjectBuilder().add("type", "ice:refresh").build());
            JsonObject fresh = cy.next(Duration.ofSeconds(5));
            assertEquals("ice:servers", fresh.getString("type"), fresh::toString);
            assertEquals(TTL, fresh.getJsonNumber("iceServersTtl").longValue());
            JsonObject server = turnServer(fresh.getJsonArray("iceServers"));
            assertTrue(expiry(server) > first, () -> server + " is not later than " + first);
            assertTrue(server.getString("username").endsWith(":cy-turn"), server::toString);
            assertTrue(turn.allocate(server.getString("username"), server.getString("credential")).granted());
            di.assertQuiet();
        }
    }

    /**
     * Nothing the server shows carries the secret: health, metrics, the admin view (application servers only), the
     * server's log where the test can read it (Liberty's messages.log, the runner's output), the welcome.
     */
    @Test
    void theSecretAppearsInNoFigureViewOrLog() throws Exception {
        String target = System.getProperty("symple.target", "arquillian");
        try (TestClient jo = TestClient.online(uri(), "jo-turn")) {
            HttpClient http = HttpClient.newHttpClient();
            List<String> paths = target.equals("arquillian") ? List.of("health", "metrics", "admin/stats")
                    : List.of("health", "metrics");
            for (String path : paths) {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                                "symple-operator:operator-secret".getBytes(StandardCharsets.UTF_8))).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, answer.statusCode(), path);
                assertFalse(answer.body().contains(SECRET), path + " shows the secret");
            }
            assertFalse(jo.welcomeFrame().toString().contains(SECRET));
        }
        Path log = Product.underTest() == Product.LIBERTY && target.equals("arquillian")
                ? Path.of(System.getProperty("liberty.usr"), "servers", System.getProperty("liberty.server"), "logs", "messages.log")
                : target.equals("jar") ? Path.of("target", "instance-" + getClass().getSimpleName(), "server.log") : null;
        if (log != null) {
            String text = Files.readString(log);
            assertTrue(text.contains("turnUrls=[" + turn.turnUrl() + "]"), log + " does not hold the settings line");
            assertFalse(text.contains(SECRET), log + " holds the secret");
        }
    }

    private String page(String user, String room) {
        return "http://127.0.0.1:" + base.getPort() + base.getPath() + "?user=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&room=" + URLEncoder.encode(room, StandardCharsets.UTF_8) + "&relay=true";
    }

    private Browser openApp(String user, String room) {
        Browser.requireChromium();
        Browser browser = Browser.open();
        browser.go(page(user, room));
        eventually().until(() -> "online".equals(browser.attribute("#state", "data-state"))
                && browser.find("#rooms li[data-room='" + room + "']") != null);
        return browser;
    }

    private static String callButton(String user) {
        return "#roster li.peer[data-user='" + user + "'] button.call";
    }

    private static void call(Browser caller, Browser callee, String calleeUser) {
        eventually().until(() -> caller.find(callButton(calleeUser)) != null);
        caller.click(callButton(calleeUser));
        eventually().until(() -> "ringing".equals(callee.attribute("#call-state", "data-state")));
        callee.click("#accept");
    }

    @Test
    void twoPagesCallThroughTheRelayOnlyWithLiveVideoAndHangUp() {
        try (Browser eve = openApp("eve-relay", "relay-turn"); Browser fay = openApp("fay-relay", "relay-turn")) {
            call(eve, fay, "fay-relay");
            for (Browser side : new Browser[] {eve, fay}) {
                eventually().until(() -> "connected".equals(side.attribute("#call-state", "data-state"))
                        && "relay".equals(side.attribute("#call-state", "data-route")));
                assertTrue(side.text("#call-state").contains("relayed through TURN"), side.text("#call-state"));
                eventually().until(() -> ((Number) side.script("return document.getElementById('remote-video').videoWidth")).intValue() > 0);
                double first = ((Number) side.script("return document.getElementById('remote-video').currentTime")).doubleValue();
                eventually().until(() -> ((Number) side.script("return document.getElementById('remote-video').currentTime")).doubleValue() > first + 0.5);
            }
            assertTrue(turn.allocatedFor("eve-relay") && turn.allocatedFor("fay-relay"), turn::log);

            fay.click("#hangup");
            eventually().until(() -> "ended".equals(eve.attribute("#call-state", "data-state"))
                    && "ended".equals(fay.attribute("#call-state", "data-state")));
            assertTrue(eve.text("#call-state").contains("hung up"), eve.text("#call-state"));
        }
    }

    @Test
    void thePageFetchesFreshCredentialsBeforeTheyExpire() {
        try (Browser gus = openApp("gus-relay", "renew-turn")) {
            eventually().until(() -> !String.valueOf(gus.attribute("#state", "data-ice-until")).isEmpty());
            long first = Long.parseLong(gus.attribute("#state", "data-ice-until"));
            assertTrue(first > Instant.now().getEpochSecond(), "the credential expired at once");
            // fresh credentials are asked for at half the lifetime (30 s), before these expire
            await().atMost(Duration.ofSeconds(TTL - 5)).pollInterval(Duration.ofMillis(500))
                    .until(() -> Long.parseLong(gus.attribute("#state", "data-ice-until")) > first);
            assertTrue(Instant.now().getEpochSecond() < first, "the credentials were renewed only after they expired");
        }
    }

    @Test
    void aCallWhoseRelayIsUnreachableSaysWhyInThePage() {
        turn.stop();
        try (Browser hal = openApp("hal-relay", "down-turn"); Browser ida = openApp("ida-relay", "down-turn")) {
            call(hal, ida, "ida-relay");
            // the page gives up 30 s after the call's connection was made; Chromium may still be trying the relay then
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> "ended".equals(hal.attribute("#call-state", "data-state"))
                            && "ended".equals(ida.attribute("#call-state", "data-state")));
            for (Browser side : new Browser[] {hal, ida}) {
                assertTrue(side.text("#call-state").contains("ICE failed: no relay reachable"), side.text("#call-state"));
            }
        } finally {
            turn.restart();
        }
    }
}
