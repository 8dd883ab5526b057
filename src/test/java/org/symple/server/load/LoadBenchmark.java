package org.symple.server.load;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.symple.server.testing.Deployments;
import org.symple.server.testing.Launcher;

/**
 * The end-to-end load benchmark (mvn -B -Pload verify): deploys the packaged WAR, with the ceiling endpoint beside it,
 * on each chosen server in a process pinned to one CPU, drives it from a generator pinned to another, and prints one
 * table per run (raw JSON under target/load). Options are system properties, see {@link #main}.
 */
public final class LoadBenchmark {

    /** Limits that would otherwise refuse or throttle the load; everything else keeps its default. */
    static final Map<String, String> SERVER_SETTINGS = Map.of("SYMPLE_MAX_CONNECTIONS", "0",
            "SYMPLE_RATE_LIMIT", "1000000000", "SYMPLE_RATE_SECONDS", "1", "SYMPLE_PING_INTERVAL", "0",
            "SYMPLE_AUTH_TIMEOUT", "300", "SYMPLE_ROOM_PRESENCE_LIMIT", "0");

    private LoadBenchmark() {
    }

    /**
     * load.servers (liberty,wildfly,payara; also node, the v4 reference, and standalone, the runner's jar),
     * load.generator (java, node or both), load.scenarios (all, or names), load.endpoints (ceiling,war,plain: the
     * ceiling endpoint, the WAR, the WAR with SYMPLE_SEND_PATH=plain),
     * load.size (full or smoke), load.repeats (rounds of the shared-server scenarios, median kept: 3, smoke 1),
     * load.timeout (seconds per phase), load.jfr (true: a flight recording of each server in its directory), load.libertyPort (9380), load.locks (a directory
     * of flock files named after the servers, e.g. /tmp; none by default), load.serverCpu (0), load.generatorCpu (1),
     * load.nodeReference (the v4 reference's sources), load.nodeWindowBy (deliveries or complete) and
     * load.nodeMessageBytes (100; 0: the Java generator's message shape) for the Node generator.
     */
    public static void main(String[] args) throws Exception {
        boolean smoke = "smoke".equals(System.getProperty("load.size", "full"));
        List<String> servers = list("load.servers", "liberty,wildfly,payara");
        String generatorChoice = System.getProperty("load.generator", "java");
        List<String> generators = switch (generatorChoice.isEmpty() ? "java" : generatorChoice) {
            case "java" -> List.of("java");
            case "node" -> List.of("node");
            case "both" -> List.of("java", "node");
            default -> throw new IllegalArgumentException("load.generator=" + generatorChoice + ": java, node or both");
        };
        List<String> endpoints = list("load.endpoints", "ceiling,war,plain");
        List<String> chosen = list("load.scenarios", "all");
        Duration timeout = Duration.ofSeconds(Long.getLong("load.timeout", smoke ? 30 : 120));
        int serverCpu = Integer.getInteger("load.serverCpu", 0);
        int generatorCpu = Integer.getInteger("load.generatorCpu", 1);
        String locks = System.getProperty("load.locks", "");
        int repeats = Integer.getInteger("load.repeats", smoke ? 1 : 3);
        File out = new File(System.getProperty("load.out", "target/load"));
        pinSelf(generatorCpu);

        List<Scenario> scenarios = new ArrayList<>();
        for (Scenario s : scenarios(smoke)) {
            if (chosen.contains("all") || chosen.contains(s.name)) {
                scenarios.add(s);
            }
        }
        out.mkdirs();
        File war = new File(out, "load.war");
        Deployments.war("load", Map.of(), CeilingEndpoint.class).as(ZipExporter.class).exportTo(war, true);
        File plain = new File(out, "plain.war");
        Deployments.war("plain", Map.of("SYMPLE_SEND_PATH", "plain")).as(ZipExporter.class).exportTo(plain, true);
        List<Launcher.App> apps = List.of(new Launcher.App(war, "/"), new Launcher.App(plain, "/plain"));

        List<Result> results = new ArrayList<>();
        Path nodeReference = servers.contains("node") ? NodeReference.prepare(out.toPath()) : null;
        NodeGenerator nodeGenerator = generators.contains("node") ? NodeGenerator.prepare(out.toPath(), generatorCpu) : null;
        Map<String, String> run = new LinkedHashMap<>();
        run.put("date", Instant.now().toString());
        run.put("size", smoke ? "smoke" : "full");
        run.put("machine", machine());
        run.put("pinning", Launcher.canPin() ? "server CPU " + serverCpu + ", generator CPU " + generatorCpu : "none");
        run.put("generators", String.join(",", generators));
        try (Generator generator = new Generator()) {
            Generators both = new Generators(generator, nodeGenerator, generators);
            for (String name : servers) {
                ServerUnderTest server = new ServerUnderTest(name, apps, new File(out, name), locks, serverCpu, nodeReference);
                runOn(server, scenarios, server.endpoints(endpoints), both, timeout, repeats, results);
                run.put("loadAverage after " + name, Files.readString(Path.of("/proc/loadavg")).trim());
                write(results, run, servers, out, false); // a run cut short keeps what it measured
            }
        }
        write(results, run, servers, out, true);
        long unclean = results.stream().filter(r -> !r.clean()).count();
        if (unclean > 0 && Boolean.parseBoolean(System.getProperty("load.failOnLoss", "true"))) {
            System.out.println(unclean + " runs lost, duplicated or reordered frames, or did not complete");
            System.exit(1);
        }
    }

    /** Writes table.md and results.json under {@code out}; prints the table at the end. */
    private static void write(List<Result> results, Map<String, String> run, List<String> servers, File out, boolean print)
            throws IOException {
        String table = Report.table(results, "Load benchmark, " + run) + "\n" + Report.summary(results, servers);
        Files.writeString(new File(out, "table.md").toPath(), table);
        Report.json(results, run, new File(out, "results.json").toPath());
        if (print) {
            System.out.println(table);
            System.out.println("raw figures: " + new File(out, "results.json"));
        }
    }

    private static void runOn(ServerUnderTest target, List<Scenario> scenarios, List<String> endpoints, Generators generators,
            Duration timeout, int repeats, List<Result> results) {
        List<Scenario> shared = scenarios.stream().filter(s -> !s.needsFreshServer()).toList();
        if (!shared.isEmpty()) {
            Map<String, List<Result>> rounds = new LinkedHashMap<>();
            try (Target server = target.start("shared", SERVER_SETTINGS)) {
                for (int round = 0; round < repeats; round++) {
                    for (Scenario s : shared) {
                        for (String endpoint : endpoints) {
                            if (applies(s, endpoint)) {
                                for (Result r : generators.run(s, new Run(generators.java(), server, target.name(), endpoint, timeout))) {
                                    rounds.computeIfAbsent(s.name + " " + endpoint + " " + r.generator, k -> new ArrayList<>()).add(r);
                                }
                            }
                        }
                    }
                }
            }
            rounds.values().forEach(list -> results.add(median(list)));
        }
        for (Scenario s : scenarios.stream().filter(Scenario::needsFreshServer).toList()) {
            for (String endpoint : endpoints) {
                if (applies(s, endpoint)) {
                    Map<String, String> settings = s.settings() == null ? SERVER_SETTINGS : s.settings();
                    try (Target server = s.instances() == 2 ? target.startTwo(s.name + "-" + endpoint, settings)
                            : target.start(s.name + "-" + endpoint, settings)) {
                        results.addAll(generators.run(s, new Run(generators.java(), server, target.name(), endpoint, timeout)));
                    } catch (RuntimeException e) {
                        Result failed = new Result(target.name(), s.name, endpoint, "java");
                        failed.complete = false;
                        failed.note = "failed: " + e;
                        results.add(failed);
                    }
                }
            }
        }
    }

    private static boolean applies(Scenario s, String endpoint) {
        return switch (endpoint) {
            case "ceiling" -> s.onCeiling();
            case "v4" -> s.onV4();
            default -> true;
        };
    }

    /**
     * Of repeated runs, the one with the median server CPU per operation, noting the spread; an unclean run wins, so
     * that a loss is never hidden.
     */
    private static Result median(List<Result> runs) {
        for (Result r : runs) {
            if (!r.clean()) {
                return r;
            }
        }
        List<Result> sorted = new ArrayList<>(runs);
        sorted.sort(java.util.Comparator.comparingDouble(Result::costPerOp));
        Result median = sorted.get(sorted.size() / 2);
        if (sorted.size() > 1) {
            median.put("rounds", sorted.size());
            median.put("minCpuPerOpUs", sorted.get(0).costPerOp());
            median.put("maxCpuPerOpUs", sorted.get(sorted.size() - 1).costPerOp());
        }
        return median;
    }

    private static List<Scenario> scenarios(boolean smoke) {
        if (smoke) {
            return List.of(new FanOut("fanout100", 100, 200, 10, 0), new FanOut("fanout100-rate", 100, 100, 10, 50),
                    new FanOut("fanout1000", 200, 50, 2, 0), new Direct("direct", 10, 200, 10, 0),
                    new Direct("direct-rate", 10, 100, 10, 500), new Connect("connect", 300, 50),
                    new JoinStorm("joinstorm", 100, JoinStorm.Mode.PRESENCE), new JoinStorm("joinstorm-v4", 100, JoinStorm.Mode.V4),
                    new JoinStorm("joinstorm-batch", 100, JoinStorm.Mode.BATCH), new PresenceChurn("churn", 20, 50, 10),
                    new Idle("idle", 300), new Room10k("room10k", 500, 1),
                    new Room10k("room10k-redis", 500, 2));
        }
        return List.of(new FanOut("fanout100", 100, 3000, 10, 0), new FanOut("fanout100-rate", 100, 200, 10, 20),
                new FanOut("fanout1000", 1000, 300, 2, 0), new FanOut("fanout1000-rate", 1000, 50, 2, 2),
                new Direct("direct", 50, 2000, 10, 0), new Direct("direct-rate", 50, 100, 10, 500),
                new Connect("connect", 5000, 50), new JoinStorm("joinstorm", 1000, JoinStorm.Mode.PRESENCE),
                new JoinStorm("joinstorm-v4", 1000, JoinStorm.Mode.V4), new JoinStorm("joinstorm-batch", 1000, JoinStorm.Mode.BATCH),
                new PresenceChurn("churn", 100, 1000, 10), new Idle("idle", 10_000), new Room10k("room10k", 10_000, 1),
                new Room10k("room10k-redis", 10_000, 2));
    }

    private static List<String> list(String property, String defaults) {
        return Arrays.stream(System.getProperty(property, defaults).split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
    }

    private static void pinSelf(int cpu) throws IOException, InterruptedException {
        if (cpu >= 0 && Launcher.canPin()) {
            new ProcessBuilder("taskset", "-a", "-p", "-c", String.valueOf(cpu), String.valueOf(ProcessHandle.current().pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        }
    }

    private static String machine() throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        long cpus = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("processor")).count();
        return cpus + " x " + cpu + ", Java " + System.getProperty("java.version");
    }
}
