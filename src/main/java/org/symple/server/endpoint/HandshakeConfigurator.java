package org.symple.server.endpoint;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.http.HttpSession;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;
import org.symple.server.config.HandshakeConfig;
import org.symple.server.config.SympleConfig;

/**
 * Handshake hooks: refuses disallowed origins (the container answers 403), works out the client's address for the
 * connection's user properties, and discards the HTTP session some containers create for every upgrade.
 */
public class HandshakeConfigurator extends ServerEndpointConfig.Configurator {

    /** User-property key holding the client's address as a String. */
    public static final String CLIENT_HOST = "symple.clientHost";

    private volatile OriginPolicy originPolicy;
    private volatile ClientAddress clientAddress;

    @Override
    public boolean checkOrigin(String origin) {
        UpgradeRequestCapture.Captured request = UpgradeRequestCapture.current();
        return originPolicy().allows(origin, request == null ? null : request.host());
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        UpgradeRequestCapture.Captured captured = UpgradeRequestCapture.current();
        String remote = captured == null ? null : captured.remoteAddress();
        String host = clientAddress().resolve(remote,
                header(request.getHeaders(), "X-Real-IP"), header(request.getHeaders(), "X-Forwarded-For"));
        config.getUserProperties().put(CLIENT_HOST, host == null ? "unknown" : host);
        discardNewHttpSession(request.getHttpSession());
    }

    /**
     * Open Liberty creates an HTTP session for every WebSocket upgrade, which then outlives the socket by the
     * session timeout (30 minutes by default): a few KB of heap per connection ever made, so reconnect storms and
     * connection floods pile up memory. A session created by this very request holds nothing and nobody has its
     * cookie yet, so it is invalidated at once; a session the client already had (an application sharing this
     * WAR) is left alone. Liberty closes a WebSocket with its HTTP session only for authenticated secure sessions.
     */
    static void discardNewHttpSession(Object httpSession) {
        if (httpSession instanceof HttpSession session) {
            try {
                if (session.isNew()) {
                    session.invalidate();
                }
            } catch (IllegalStateException alreadyInvalid) {
                // nothing to discard
            }
        }
    }

    private static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (name.equalsIgnoreCase(header.getKey()) && !header.getValue().isEmpty()) {
                return String.join(",", header.getValue());
            }
        }
        return null;
    }

    private OriginPolicy originPolicy() {
        if (originPolicy == null) {
            HandshakeConfig config = config();
            originPolicy = new OriginPolicy(config.enforceOrigin(), config.allowedOrigins());
        }
        return originPolicy;
    }

    private ClientAddress clientAddress() {
        if (clientAddress == null) {
            clientAddress = new ClientAddress(config().trustedProxies());
        }
        return clientAddress;
    }

    private static HandshakeConfig config() {
        return CDI.current().select(SympleConfig.class).get().handshake();
    }
}
