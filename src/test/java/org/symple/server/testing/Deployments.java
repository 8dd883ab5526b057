package org.symple.server.testing;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.util.Map;
import java.util.Properties;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** Test deployments built from the packaged WAR, so that every server runs exactly what {@code mvn package} made. */
public final class Deployments {

    private static final File PACKAGED_WAR = new File("target/symple-server.war");

    private Deployments() {
    }

    /**
     * The packaged WAR as {@code name.war} (context root {@code /name/}) with {@code extraClasses} and the settings
     * as bundled defaults ({@code WEB-INF/classes/symple.properties}).
     */
    public static WebArchive war(String name, Map<String, String> settings, Class<?>... extraClasses) {
        if (!PACKAGED_WAR.isFile()) {
            throw new IllegalStateException(PACKAGED_WAR.getAbsolutePath() + " not found: run through mvn verify");
        }
        WebArchive war = ShrinkWrap.create(ZipImporter.class, name + ".war").importFrom(PACKAGED_WAR).as(WebArchive.class);
        if (extraClasses.length > 0) {
            war.addClasses(extraClasses);
        }
        Properties properties = new Properties();
        properties.putAll(settings);
        StringWriter text = new StringWriter();
        try {
            properties.store(text, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return war.addAsResource(new StringAsset(text.toString()), "symple.properties");
    }

    /**
     * The WebSocket address of a deployment: {@code http://host:port/ctx/} becomes {@code ws://127.0.0.1:port/ctx/}.
     * Tests always connect over loopback (some servers report their external address), so the server sees a
     * loopback client, which the default trusted-proxy list covers.
     */
    public static URI ws(URL base) {
        return URI.create("ws://127.0.0.1:" + base.getPort() + base.getPath());
    }
}
