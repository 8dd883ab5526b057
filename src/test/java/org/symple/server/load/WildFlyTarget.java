package org.symple.server.load;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * WildFly from the slim provisioning in target/wildfly, with its own base directory whose standalone.xml deploys the
 * apps, the root one as ROOT.war (the slim server has no deployment scanner). Port offset 100: HTTP 8180, management 10090.
 */
final class WildFlyTarget implements ServerTarget {

    private final File home;

    WildFlyTarget(File home) {
        this.home = home;
    }

    @Override
    public String name() {
        return "wildfly";
    }

    @Override
    public int port() {
        return 8180;
    }

    @Override
    public List<String> prepare(List<App> apps, File workDir) throws IOException {
        File config = new File(home, "standalone/configuration/standalone.xml");
        if (!config.isFile()) {
            throw new IOException(config + " not found: the load profile provisions WildFly in pre-integration-test");
        }
        File base = new File(workDir, "base");
        File configDir = new File(base, "configuration");
        configDir.mkdirs();
        for (File f : new File(home, "standalone/configuration").listFiles(File::isFile)) {
            Files.copy(f.toPath(), new File(configDir, f.getName()).toPath(), StandardCopyOption.REPLACE_EXISTING);
        }
        StringBuilder deployments = new StringBuilder("<deployments>");
        for (App app : apps) {
            String name = app.contextRoot().equals("/") ? "ROOT.war" : app.contextRoot().substring(1) + ".war";
            File copy = new File(workDir, name);
            Files.copy(app.war().toPath(), copy.toPath(), StandardCopyOption.REPLACE_EXISTING);
            deployments.append("<deployment name=\"").append(name).append("\" runtime-name=\"").append(name)
                    .append("\"><fs-archive path=\"").append(copy.getAbsolutePath()).append("\"/></deployment>");
        }
        String xml = Files.readString(config.toPath());
        int end = xml.lastIndexOf("</server>");
        xml = xml.substring(0, end) + deployments + "</deployments>\n" + xml.substring(end);
        Files.writeString(new File(configDir, "standalone.xml").toPath(), xml);
        return List.of(new File(home, "bin/standalone.sh").getAbsolutePath(),
                "-Djboss.server.base.dir=" + base.getAbsolutePath(), "-Djboss.socket.binding.port-offset=100",
                "-Djboss.bind.address=127.0.0.1", "-Djboss.bind.address.management=127.0.0.1",
                "-Dio.undertow.websockets.core.read-timeout=0", "-Dio.undertow.websockets.core.write-timeout=0");
    }
}
