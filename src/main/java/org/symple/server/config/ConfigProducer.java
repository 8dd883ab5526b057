package org.symple.server.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * Reads the settings once per deployment (the WAR's; the standalone runner supplies its own): WAR-bundled
 * symple.properties, then environment, then system properties.
 */
@ApplicationScoped
public class ConfigProducer {

    /** Optional defaults packaged in the WAR (WEB-INF/classes/symple.properties). */
    public static final String BUNDLED_DEFAULTS = "symple.properties";

    private static final Logger LOG = Logger.getLogger(ConfigProducer.class.getName());

    @Produces
    @Singleton
    SympleConfig config() {
        SympleConfig config = SympleConfig.from(Settings.layered(
                bundledDefaults(), System.getenv(), Settings.fromProperties(System.getProperties())));
        config.warnings().forEach(LOG::warning);
        if (config.listen().sslRequested()) {
            LOG.warning("SYMPLE_SSL_ENABLED is set, but in the WAR the application server's HTTPS endpoint terminates"
                    + " TLS: SYMPLE_SSL_KEY and SYMPLE_SSL_CERT are not read, and wss:// works where the server serves"
                    + " https://");
        }
        return config;
    }

    private static Map<String, String> bundledDefaults() {
        Properties properties = new Properties();
        try (InputStream in = ConfigProducer.class.getClassLoader().getResourceAsStream(BUNDLED_DEFAULTS)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            LOG.warning("Cannot read " + BUNDLED_DEFAULTS + ": " + e.getMessage());
        }
        return Settings.fromProperties(properties);
    }
}
