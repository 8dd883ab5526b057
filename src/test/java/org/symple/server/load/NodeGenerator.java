package org.symple.server.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.symple.server.testing.Launcher;

/**
 * The second, independent generator: src/test/node/generator.js (ws clients that JSON-parse every frame, as
 * symple-client v4 in a browser does), copied under target with its pinned dependencies installed by npm, one node
 * process per scenario run pinned to the generator's CPU. It measures the server's CPU from /proc itself and prints
 * its figures as one JSON line, read back into a {@link Result} of generator "node".
 */
final class NodeGenerator {

    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":(null|true|false|-?[0-9][0-9.eE+-]*|\"((?:[^\"\\\\]|\\\\.)*)\")");

    private final Path dir;
    private final int cpu;

    private NodeGenerator(Path dir, int cpu) {
        this.dir = dir;
        this.cpu = cpu;
    }

    /** Copies the generator under {@code out}/node-generator and installs its dependencies there (once). */
    static NodeGenerator prepare(Path out, int cpu) {
        Path copy = out.resolve("node-generator").toAbsolutePath();
        Proc.copyTree(Path.of("src/test/node"), copy);
        if (!Files.isDirectory(copy.resolve("node_modules/ws"))) {
            Proc.run(copy, copy.resolve("npm.log"), 600, "npm", "install", "--no-audit", "--no-fund");
        }
        return new NodeGenerator(copy, cpu);
    }

    /** Runs the scenario described by {@code spec} against the run's server and endpoint. */
    Result run(String scenario, Map<String, Object> spec, Run run) {
        Map<String, Object> all = new LinkedHashMap<>(spec);
        all.put("url", run.endpoint().equals("ceiling") ? "ws://127.0.0.1:" + run.server().port() + "/ceiling/"
                : run.uri("").toString());
        all.put("ceiling", run.endpoint().equals("ceiling"));
        all.put("presenceOnJoin", run.presenceOnJoin());
        all.put("tag", run.tag() + "n"); // users of its own, apart from the Java generator's in the same run
        all.put("serverPid", run.server().pid());
        all.put("clockTicks", Proc.CLOCK_TICKS);
        all.put("timeout", run.timeout().toSeconds());
        all.put("window", spec.getOrDefault("window", 10));
        all.put("windowBy", System.getProperty("load.nodeWindowBy", "deliveries"));
        all.put("messageBytes", Integer.getInteger("load.nodeMessageBytes", 100));
        Result result = new Result(run.serverName(), scenario, run.endpoint(), "node");
        List<String> command = new ArrayList<>();
        if (cpu >= 0 && Launcher.canPin()) {
            command.addAll(List.of("taskset", "-c", String.valueOf(cpu)));
        }
        command.addAll(List.of("node", "--max-old-space-size=2048", "generator.js", json(all)));
        Path log = dir.resolve("generator.log");
        try {
            Process node = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!node.waitFor(run.timeout().toSeconds() * 8 + 60, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
            String line = out.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElse(null);
            if (line == null) {
                result.complete = false;
                result.note = "node generator printed no result; see " + log;
                return result;
            }
            read(line.substring("RESULT ".length()), result);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return result;
    }

    private static void read(String json, Result result) {
        Matcher m = FIELD.matcher(json);
        while (m.find()) {
            String key = m.group(1);
            String value = m.group(2);
            switch (key) {
                case "complete" -> result.complete = value.equals("true");
                case "note" -> result.note = m.group(3) == null ? "" : m.group(3);
                case "lost" -> result.lost = (long) Double.parseDouble(value);
                case "duplicates" -> result.duplicates = (long) Double.parseDouble(value);
                case "outOfOrder" -> result.outOfOrder = (long) Double.parseDouble(value);
                default -> {
                    if (!value.startsWith("\"") && !value.equals("true") && !value.equals("false")) {
                        result.put(key, value.equals("null") ? Double.NaN : Double.parseDouble(value));
                    }
                }
            }
        }
    }

    private static String json(Map<String, Object> values) {
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<String, Object> e : values.entrySet()) {
            out.append(out.length() > 1 ? "," : "").append('"').append(e.getKey()).append("\":");
            Object v = e.getValue();
            out.append(v instanceof String s ? "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : String.valueOf(v));
        }
        return out.append('}').toString();
    }
}
