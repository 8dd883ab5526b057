package org.symple.server.load;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.symple.server.it.support.ChildServer;

/** Payara Micro from the jar the build copies into target/payara, on HTTP 8280, with the bundled pre-boot tuning. */
final class PayaraTarget implements ServerTarget {

    private final File microJar;

    PayaraTarget(File microJar) {
        this.microJar = microJar;
    }

    @Override
    public String name() {
        return "payara";
    }

    @Override
    public int port() {
        return 8280;
    }

    @Override
    public List<String> prepare(List<App> apps, File workDir) throws IOException {
        if (!microJar.isFile()) {
            throw new IOException(microJar + " not found: the build copies it in pre-integration-test");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        // --contextroot applies to the first deployment; the others are served under their file names
        List<String> command = new ArrayList<>(List.of(java, "-Djava.io.tmpdir=" + workDir.getAbsolutePath(),
                "-jar", microJar.getAbsolutePath()));
        List<App> ordered = apps.stream().sorted(Comparator.comparing(app -> !app.contextRoot().equals("/"))).toList();
        for (App app : ordered) {
            command.addAll(List.of("--deploy", app.war().getAbsolutePath()));
        }
        command.addAll(List.of("--contextroot", "/", "--port", String.valueOf(port()), "--nocluster",
                "--prebootcommandfile", ChildServer.PAYARA_TUNING.getAbsolutePath()));
        return command;
    }
}
