package org.symple.server.it;

import java.io.File;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Map;
import java.util.TreeMap;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Builds integration test deployments from the packaged application, so that every server runs the
 * same WAR that {@code mvn package} produced.
 */
public final class Deployments {

    /** The WAR built by the package phase (finalName symple-server). */
    public static final File PACKAGED_WAR = new File("target/symple-server.war");

    private Deployments() {
    }

    /**
     * The packaged WAR, renamed {@code name.war} (so deployed at context root {@code /name/}), plus
     * {@code extraClasses} and a {@code WEB-INF/classes/symple.properties} holding {@code settings}.
     */
    public static WebArchive war(String name, Map<String, String> settings, Class<?>... extraClasses) {
        if (!PACKAGED_WAR.isFile()) {
            throw new IllegalStateException(PACKAGED_WAR.getAbsolutePath()
                    + " not found: run the integration tests through Maven (mvn verify), after the package phase");
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

    /** The WebSocket URI for a deployment's base URL: {@code http://host:port/ctx/} to {@code ws://host:port/ctx/}. */
    public static URI ws(URL base) {
        String scheme = switch (base.getProtocol()) {
            case "http" -> "ws";
            case "https" -> "wss";
            default -> throw new IllegalArgumentException("not an HTTP URL: " + base);
        };
        String path = base.getPath().isEmpty() ? "/" : base.getPath();
        try {
            return new URI(scheme, null, base.getHost(), base.getPort(), path, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(base.toString(), e);
        }
    }

    static String properties(Map<String, String> settings) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(settings).entrySet()) {
            text.append(escape(e.getKey(), true)).append('=').append(escape(e.getValue(), false)).append('\n');
        }
        return text.toString();
    }

    /** Escapes for java.util.Properties#load (ISO-8859-1 file; other characters as unicode escapes). */
    private static String escape(String s, boolean key) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\f' -> out.append("\\f");
                case '=', ':', '#', '!' -> out.append('\\').append(c);
                case ' ' -> out.append(key || i == 0 ? "\\ " : " ");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
