package org.symple.server.load;

import java.io.File;
import java.io.IOException;
import java.util.List;

/** Payara Micro from the jar the build copies into target/payara, on HTTP 8280. */
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
    public List<String> prepare(File war, File workDir) throws IOException {
        if (!microJar.isFile()) {
            throw new IOException(microJar + " not found: the build copies it in pre-integration-test");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        return List.of(java, "-Djava.io.tmpdir=" + workDir.getAbsolutePath(), "-jar", microJar.getAbsolutePath(),
                "--deploy", war.getAbsolutePath(), "--contextroot", "/", "--port", String.valueOf(port()), "--nocluster");
    }
}
