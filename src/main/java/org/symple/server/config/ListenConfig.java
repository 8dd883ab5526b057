package org.symple.server.config;

import java.util.Optional;

/**
 * Where the server listens ({@code PORT} over {@code SYMPLE_PORT}, {@code SYMPLE_HOST}) and whether it terminates TLS
 * with the PEM files {@code SYMPLE_SSL_KEY} and {@code SYMPLE_SSL_CERT} ({@code SYMPLE_SSL_ENABLED}); used by the
 * bundled Liberty configuration and the standalone runner. The WAR leaves TLS to the application server.
 */
public record ListenConfig(int port, String host, boolean sslRequested, Optional<String> sslKey, Optional<String> sslCert) {

    public static final int DEFAULT_PORT = 4500;

    static ListenConfig read(SettingsReader s) {
        int port = s.integer("PORT", s.integer("SYMPLE_PORT", DEFAULT_PORT, 1, 65535), 1, 65535);
        return new ListenConfig(port, s.raw("SYMPLE_HOST").orElse("0.0.0.0"), s.bool("SYMPLE_SSL_ENABLED", false),
                s.raw("SYMPLE_SSL_KEY"), s.raw("SYMPLE_SSL_CERT"));
    }

    String describe() {
        return "port=" + port + (sslRequested ? " ssl=true" : "");
    }
}
