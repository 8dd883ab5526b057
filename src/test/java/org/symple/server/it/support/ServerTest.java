package org.symple.server.it.support;

import java.net.URI;
import java.net.URL;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.symple.server.testing.Deployments;

/**
 * Base of the tests that talk to the server from outside, over real WebSockets: by default the WAR deployed on a
 * real server through Arquillian, or the standalone server (see {@link StandaloneTarget}).
 */
@RunAsClient
public abstract class ServerTest {

    @RegisterExtension
    static final Extension TARGET = StandaloneTarget.selected();

    @ArquillianResource
    protected URL base;

    /** The Symple WebSocket of the deployment under test. */
    protected URI uri() {
        return Deployments.ws(base);
    }
}
