package org.symple.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class DeploymentsTest {

    @Test
    void wsKeepsHostPortAndContextPath() throws Exception {
        assertEquals(URI.create("ws://localhost:9080/smoke/"), Deployments.ws(new URL("http://localhost:9080/smoke/")));
        assertEquals(URI.create("wss://example.org:8443/"), Deployments.ws(new URL("https://example.org:8443/")));
        assertEquals(URI.create("ws://127.0.0.1/"), Deployments.ws(new URL("http://127.0.0.1")));
        assertEquals(URI.create("ws://localhost:9080/smoke/echo"),
                Deployments.ws(new URL("http://localhost:9080/smoke/")).resolve("echo"));
    }

    @Test
    void wsRejectsOtherSchemes() {
        assertThrows(IllegalArgumentException.class, () -> Deployments.ws(new URL("file:/tmp/x")));
    }

    @Test
    void settingsRoundTripThroughJavaProperties() throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("symple.max-message-bytes", "1024");
        settings.put("key with space", " leading space, = and : and # \\ and ü\nnext line");
        settings.put("empty", "");

        Properties loaded = new Properties();
        loaded.load(new StringReader(Deployments.properties(settings)));

        Map<String, String> read = new LinkedHashMap<>();
        for (String key : loaded.stringPropertyNames()) {
            read.put(key, loaded.getProperty(key));
        }
        assertEquals(settings, read);
    }
}
