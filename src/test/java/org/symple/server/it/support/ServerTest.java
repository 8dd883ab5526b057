package org.symple.server.it.support;

import java.net.URI;
import java.net.URL;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.extension.ExtendWith;

/** Base of the tests that talk to the WAR deployed on a real server, from outside, over real WebSockets. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
public abstract class ServerTest {

    @ArquillianResource
    protected URL base;

    /** The Symple WebSocket of the deployment under test. */
    protected URI uri() {
        return Deployments.ws(base);
    }
}
