package org.symple.server.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;

/**
 * Test-only endpoint: answers every text frame with "echo:" + the frame; "setting:KEY" is answered with
 * "setting:KEY=VALUE" read from the deployment's symple.properties (VALUE "null" when absent).
 */
@ServerEndpoint("/echo")
public class EchoEndpoint {

    private static final String SETTING = "setting:";

    @OnMessage
    public String echo(String text) throws IOException {
        if (text.startsWith(SETTING)) {
            String key = text.substring(SETTING.length());
            return SETTING + key + "=" + settings().getProperty(key);
        }
        return "echo:" + text;
    }

    private static Properties settings() throws IOException {
        Properties settings = new Properties();
        try (InputStream in = Thread.currentThread().getContextClassLoader()
                .getResourceAsStream("symple.properties")) {
            if (in != null) {
                settings.load(in);
            }
        }
        return settings;
    }
}
