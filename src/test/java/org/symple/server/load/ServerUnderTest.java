package org.symple.server.load;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.symple.server.it.support.RedisFixture;
import org.symple.server.testing.Launcher;
import org.symple.server.testing.Ports;
import org.symple.server.testing.Product;
import org.symple.server.testing.ServerProcess;

/**
 * One server of load.servers and how to start it fresh: an application server with the benchmark's applications
 * (Liberty on load.libertyPort, WildFly on 8180 with management on 10090, Payara on 8280, under a flock of
 * load.locks where given), the standalone runner's jar (its packaged application only, free port), or the Node v4
 * reference (free port). Each is pinned to the server CPU.
 */
final class ServerUnderTest {

    private final String name;
    private final List<Launcher.App> apps;
    private final File dir;
    private final String locks;
    private final int cpu;
    private final Path nodeReference;

    ServerUnderTest(String name, List<Launcher.App> apps, File dir, String locks, int cpu, Path nodeReference) {
        this.name = name;
        this.apps = apps;
        this.dir = dir;
        this.locks = locks;
        this.cpu = cpu;
        this.nodeReference = nodeReference;
        if (!name.equals("node")) {
            Product.of(name); // an unknown name stops the run before anything starts
        }
    }

    String name() {
        return name;
    }

    /**
     * Of the chosen endpoints, those this server has: the Node reference has its one Symple endpoint ("v4", run when
     * "war" is chosen), the standalone runner only the packaged application ("war").
     */
    List<String> endpoints(List<String> chosen) {
        return switch (name) {
            case "node" -> chosen.contains("war") ? List.of("v4") : List.of();
            case "standalone" -> chosen.contains("war") ? List.of("war") : List.of();
            default -> chosen;
        };
    }

    /** Starts the server in {@code dir}/{@code sub} with these settings (ours read them from the environment). */
    Target start(String sub, Map<String, String> settings) {
        return start(sub, settings, false, apps);
    }

    /**
     * Starts a redis-server and two instances on it (the second on a free port, not under the lock the first
     * holds), as one target. They carry the WAR at "/" only: the {@code plain} copy would read the same Redis setting,
     * join the same cluster and keep a second replica of its directory in each instance.
     */
    Target startTwo(String sub, Map<String, String> settings) {
        RedisFixture redis = RedisFixture.start();
        Map<String, String> clustered = new HashMap<>(settings);
        clustered.put("SYMPLE_REDIS_URL", redis.url());
        Target first = null;
        try {
            List<Launcher.App> war = apps.stream().filter(app -> app.contextRoot().equals("/")).toList();
            first = start(sub + "-a", clustered, false, war);
            return new TwoInstances(first, start(sub + "-b", clustered, true, war), redis);
        } catch (RuntimeException e) {
            if (first != null) {
                first.close();
            }
            redis.close();
            throw e;
        }
    }

    private Target start(String sub, Map<String, String> settings, boolean second, List<Launcher.App> deployed) {
        File where = new File(dir, sub);
        if (name.equals("node")) {
            return NodeReference.start(nodeReference, where.toPath().toAbsolutePath(), Ports.free(), cpu);
        }
        Product product = Product.of(name);
        Map<String, String> env = new HashMap<>(settings);
        if (Boolean.getBoolean("load.jfr")) {
            // every server JVM reads this; the recording is written when the server stops
            env.put("JAVA_TOOL_OPTIONS", "-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                    + new File(where, "server.jfr").getAbsolutePath());
        }
        File lock = locks.isEmpty() || second || product == Product.LIBERTY || product == Product.STANDALONE ? null
                : new File(locks, name + ".lock");
        Launcher launcher = Launcher.of(product, where.toPath()).port(second ? 0 : port(product)).environment(env).pinnedTo(cpu).lockedBy(lock);
        if (product != Product.STANDALONE) {
            deployed.forEach(app -> launcher.app(app.war(), app.contextRoot()));
        }
        ServerProcess server = launcher.start();
        try {
            return new JvmTarget(server.awaitReady(lock == null ? Duration.ofMinutes(3) : Duration.ofMinutes(30)));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private static int port(Product product) {
        return switch (product) {
            case LIBERTY -> Integer.getInteger("load.libertyPort", 9380);
            case WILDFLY -> 8180;
            case PAYARA -> 8280;
            case STANDALONE -> Ports.free();
        };
    }
}
