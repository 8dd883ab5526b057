package org.symple.server.it.support;

import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;

/** Test-only endpoint: answers each text frame with the same text. */
@ServerEndpoint("/echo")
public class EchoEndpoint {

    @OnMessage
    public String echo(String message) {
        return message;
    }
}
