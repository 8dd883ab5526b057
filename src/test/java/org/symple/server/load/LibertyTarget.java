package org.symple.server.load;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/** Open Liberty from the runtime the build installs into target/liberty/wlp, with its own user directory. */
final class LibertyTarget implements ServerTarget {

    private static final String FEATURES = String.join("", List.of("websocket-2.1", "cdi-4.0", "jsonb-3.0",
            "jsonp-2.1", "concurrent-3.0", "servlet-6.0").stream().map(f -> "<feature>" + f + "</feature>").toList());

    private final File wlp;
    private final int port;

    LibertyTarget(File wlp, int port) {
        this.wlp = wlp;
        this.port = port;
    }

    @Override
    public String name() {
        return "liberty";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public List<String> prepare(List<App> apps, File workDir) throws IOException {
        if (!new File(wlp, "bin/server").canExecute()) {
            throw new IOException(wlp + "/bin/server not found: the load profile installs it in pre-integration-test");
        }
        String server = "symple-load-" + port;
        File dir = new File(workDir, "usr/servers/" + server);
        dir.mkdirs();
        Files.writeString(new File(dir, "server.xml").toPath(), "<server><featureManager>" + FEATURES + "</featureManager>"
                + "<httpEndpoint id=\"defaultHttpEndpoint\" host=\"127.0.0.1\" httpPort=\"" + port
                + "\" httpsPort=\"-1\" protocolVersion=\"http/1.1\"/>"
                + String.join("", apps.stream().map(app -> "<webApplication location=\"" + app.war().getAbsolutePath()
                        + "\" contextRoot=\"" + app.contextRoot() + "\"/>").toList())
                + "<applicationManager autoExpand=\"true\"/></server>\n");
        return List.of(new File(wlp, "bin/server").getAbsolutePath(), "run", server);
    }

    @Override
    public java.util.Map<String, String> environment(File workDir) {
        return java.util.Map.of("WLP_USER_DIR", new File(workDir, "usr").getAbsolutePath());
    }
}
