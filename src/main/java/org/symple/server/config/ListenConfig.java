package org.symple.server.config;

/**
 * Where the server listens ({@code PORT} over {@code SYMPLE_PORT}, {@code SYMPLE_HOST}) and whether TLS was asked for
 * ({@code SYMPLE_SSL_ENABLED}); used by the bundled Liberty configuration and the standalone runner.
 */
public record ListenConfig(int port, String host, boolean sslRequested) {

    public static final int DEFAULT_PORT = 4500;

    static ListenConfig read(SettingsReader s) {
        int port = s.integer("PORT", s.integer("SYMPLE_PORT", DEFAULT_PORT, 1, 65535), 1, 65535);
        boolean ssl = s.bool("SYMPLE_SSL_ENABLED", false);
        if (ssl) {
            s.warn("SYMPLE_SSL_ENABLED is set: TLS is terminated by the application server's HTTPS endpoint "
                    + (s.isSet("SYMPLE_SSL_KEY") && s.isSet("SYMPLE_SSL_CERT")
                        ? "(SYMPLE_SSL_KEY/SYMPLE_SSL_CERT are used by the bundled Liberty configuration only)"
                        : "and SYMPLE_SSL_KEY or SYMPLE_SSL_CERT is missing") + "; serving plain ws:// here");
        }
        return new ListenConfig(port, s.raw("SYMPLE_HOST").orElse("0.0.0.0"), ssl);
    }

    String describe() {
        return "port=" + port;
    }
}
