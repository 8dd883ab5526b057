package org.symple.server.it;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.util.Map;
import java.util.TreeMap;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Builds test deployments from the WAR that {@code mvn package} produced, so the integration tests run the
 * same archive that ships, plus test-only classes and settings.
 */
public final class Deployments {

    /** The packaged application; failsafe runs after the package phase, in the project directory. */
    public static final File PACKAGED_WAR = new File("target/symple-server.war");

    private Deployments() {
    }

    /**
     * The packaged WAR, renamed to {@code name}.war (so its context root is {@code /name}), with
     * {@code extraClasses} added and {@code settings} written to {@code WEB-INF/classes/symple.properties}.
     */
    public static WebArchive war(String name, Map<String, String> settings, Class<?>... extraClasses) {
        if (!PACKAGED_WAR.isFile()) {
            throw new IllegalStateException(PACKAGED_WAR.getAbsolutePath()
                    + " is missing: run the integration tests through Maven (mvn verify), after package");
        }
        WebArchive war = ShrinkWrap.create(ZipImporter.class, name + ".war")
                .importFrom(PACKAGED_WAR)
                .as(WebArchive.class);
        if (extraClasses.length > 0) {
            war.addClasses(extraClasses);
        }
        war.addAsResource(new StringAsset(properties(settings)), "symple.properties");
        return war;
    }

    /**
     * {@code http://host:port/ctx/} to {@code ws://host:port/ctx/} (https to wss). The result always ends with
     * "/", so it is the context root endpoint itself and {@code ws(base).resolve("echo")} stays in the context.
     */
    public static URI ws(URL base) {
        URI http = URI.create(base.toExternalForm());
        String scheme = "https".equalsIgnoreCase(http.getScheme()) ? "wss" : "ws";
        String path = http.getRawPath() == null ? "" : http.getRawPath();
        if (!path.endsWith("/")) {
            path = path + "/";
        }
        return URI.create(scheme + "://" + http.getRawAuthority() + path);
    }

    private static String properties(Map<String, String> settings) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(settings).forEach((key, value) ->
                text.append(escape(key)).append('=').append(escape(value)).append('\n'));
        return text.toString();
    }

    /** Just enough escaping that {@link java.util.Properties#load} reads the value back unchanged. */
    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }
}
