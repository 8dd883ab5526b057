package org.symple.server.it.support;

import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;

/** Test-only endpoint at the context root, where the real server endpoint lives: answers "root:" + the frame. */
@ServerEndpoint("/")
public class RootEchoEndpoint {

    @OnMessage
    public String echo(String text) {
        return "root:" + text;
    }
}
