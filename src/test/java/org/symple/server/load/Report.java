package org.symple.server.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run's table (one row per server, scenario and endpoint, with the ratios to the ceiling endpoint and of the WAR's
 * send path to the plain one) and its raw JSON.
 */
final class Report {

    private Report() {
    }

    static String table(List<Result> results, String header) {
        StringBuilder out = new StringBuilder(header).append("\n\n");
        out.append("| server | scenario | endpoint | generator | operations | ops/s | server CPU/op (us) | server CPU % | "
                + "p50 (ms) | p99 (ms) | lost/dup/ooo | WAR/ceiling | other |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            String ratio = r.endpoint.equals("ceiling") ? "-" : ratio(r, find(results, r.server, r.scenario, "ceiling", r.generator));
            String vsPlain = r.endpoint.equals("war") ? ratio(r, find(results, r.server, r.scenario, "plain", r.generator)) : "-";
            out.append("| ").append(r.server).append(" | ").append(r.scenario).append(" | ").append(r.endpoint)
                    .append(" | ").append(r.generator).append(" | ").append(format(r.get("operations"))).append(" | ").append(format(r.get("opsPerSecond")))
                    .append(" | ").append(format(r.get("serverCpuPerOpUs"))).append(" | ").append(format(r.get("serverCpuPercent")))
                    .append(" | ").append(format(r.get("p50Ms"))).append(" | ").append(format(r.get("p99Ms")))
                    .append(" | ").append(r.lost).append('/').append(r.duplicates).append('/').append(r.outOfOrder)
                    .append(r.complete ? "" : " INCOMPLETE").append(" | ").append(ratio).append(" | ").append(vsPlain).append(" | ")
                    .append(extras(r)).append(" |\n");
        }
        return out.toString();
    }

    private static String extras(Result r) {
        StringBuilder s = new StringBuilder();
        if (r.figures.containsKey("minCpuPerOpUs")) {
            s.append("CPU/op range of ").append(format(r.get("rounds"))).append(" rounds ")
                    .append(format(r.get("minCpuPerOpUs"))).append('-').append(format(r.get("maxCpuPerOpUs")));
        }
        for (String key : List.of("rssPerConnKB", "heapPerConnKB", "rssBeforeMB", "lastCompleteMs", "serverCpuSeconds",
                "joinOkP50Ms", "joinOkP99Ms", "presenceFrames", "presenceReceivers", "batchFrames", "batchPeers", "connectAndJoinMs",
                "joinServerCpuSeconds", "deliveryMs", "rssPerMemberKB", "droppedMembers", "serverCpuPerPresenceUs", "serverSystemPercentOfCpu",
                "generatorCpuPerFrameUs")) {
            if (r.figures.containsKey(key)) {
                s.append(s.length() == 0 ? "" : ", ").append(key).append(' ').append(format(r.get(key)));
            }
        }
        if (!r.note.isEmpty()) {
            s.append(s.length() == 0 ? "" : "; ").append(r.note);
        }
        return s.toString();
    }

    /** Cost per operation of {@code r} over that of {@code base} (server CPU; idle: RSS per connection). */
    private static String ratio(Result r, Result base) {
        return base != null && base.clean() && r.clean() ? format(r.costPerOp() / base.costPerOp()) : "-";
    }

    private static Result find(List<Result> results, String server, String scenario, String endpoint, String generator) {
        return results.stream().filter(r -> r.server.equals(server) && r.scenario.equals(scenario)
                && r.endpoint.equals(endpoint) && r.generator.equals(generator)).findFirst().orElse(null);
    }

    /** The Symple endpoint's result of a server: the reference's own, else the WAR (the standalone runner's app). */
    private static Result symple(List<Result> results, String server, String scenario, String generator) {
        return find(results, server, scenario, server.equals("node") ? "v4" : "war", generator);
    }

    /**
     * The run across servers: one row per scenario and generator, one column per server with its Symple endpoint's
     * cost (server CPU per operation in us; idle: RSS KB per connection; join storms also the settled time, the
     * storm's server CPU and the join:ok p99; room10k the join and delivery times) and its ratio to the Node
     * reference; then the WAR over the ceiling endpoint per server.
     */
    static String summary(List<Result> results, List<String> servers) {
        List<String> rows = results.stream().map(r -> r.scenario + " | " + r.generator).distinct().toList();
        StringBuilder out = new StringBuilder("| scenario | generator | ").append(String.join(" | ", servers)).append(" |\n|---|---|")
                .append("---|".repeat(servers.size())).append('\n');
        StringBuilder floors = new StringBuilder("\nWAR / floor (ceiling endpoint), same run:\n\n| scenario | generator | ")
                .append(String.join(" | ", servers)).append(" |\n|---|---|").append("---|".repeat(servers.size())).append('\n');
        for (String row : rows) {
            String scenario = row.substring(0, row.indexOf(" | "));
            String generator = row.substring(row.indexOf(" | ") + 3);
            Result node = symple(results, "node", scenario, generator);
            out.append("| ").append(row);
            floors.append("| ").append(row);
            for (String server : servers) {
                Result r = symple(results, server, scenario, generator);
                out.append(" | ").append(cell(r, server.equals("node") ? null : node));
                floors.append(" | ").append(r == null ? "-" : ratio(r, find(results, server, scenario, "ceiling", generator)));
            }
            out.append(" |\n");
            floors.append(" |\n");
        }
        return out.append(floors).toString();
    }

    private static String cell(Result r, Result node) {
        if (r == null) {
            return "-";
        }
        if (!r.clean()) {
            return "incomplete";
        }
        StringBuilder cell = new StringBuilder(format(r.costPerOp()));
        if (node != null && node.clean()) {
            cell.append(" (").append(format(r.costPerOp() / node.costPerOp())).append("x)");
        }
        if (r.figures.containsKey("joinOkP99Ms")) {
            cell.append("; settled ").append(format(r.get("lastCompleteMs") / 1000)).append(" s, CPU ")
                    .append(format(r.get("serverCpuSeconds"))).append(" s, join:ok p99 ").append(format(r.get("joinOkP99Ms"))).append(" ms");
        }
        if (r.figures.containsKey("connectAndJoinMs")) {
            cell.append("; join ").append(format(r.get("connectAndJoinMs") / 1000)).append(" s, delivery ")
                    .append(format(r.get("deliveryMs"))).append(" ms, ").append(format(r.get("rssPerMemberKB"))).append(" KB/member");
        }
        return cell.toString();
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return String.format(Locale.ROOT, Math.abs(value) >= 10 ? "%.1f" : "%.2f", value);
    }

    static void json(List<Result> results, Map<String, String> run, Path file) throws IOException {
        StringBuilder out = new StringBuilder("{\"run\":{");
        int i = 0;
        for (Map.Entry<String, String> e : run.entrySet()) {
            out.append(i++ > 0 ? "," : "").append(quote(e.getKey())).append(':').append(quote(e.getValue()));
        }
        out.append("},\"results\":[");
        for (int k = 0; k < results.size(); k++) {
            Result r = results.get(k);
            out.append(k > 0 ? ",\n" : "\n").append("{\"server\":").append(quote(r.server)).append(",\"generator\":")
                    .append(quote(r.generator)).append(",\"scenario\":")
                    .append(quote(r.scenario)).append(",\"endpoint\":").append(quote(r.endpoint))
                    .append(",\"complete\":").append(r.complete).append(",\"lost\":").append(r.lost)
                    .append(",\"duplicates\":").append(r.duplicates).append(",\"outOfOrder\":").append(r.outOfOrder)
                    .append(",\"note\":").append(quote(r.note));
            for (Map.Entry<String, Double> f : r.figures.entrySet()) {
                double v = f.getValue();
                out.append(',').append(quote(f.getKey())).append(':')
                        .append(Double.isNaN(v) || Double.isInfinite(v) ? "null" : String.valueOf(v));
            }
            out.append('}');
        }
        out.append("\n]}\n");
        Files.createDirectories(file.getParent());
        Files.writeString(file, out);
    }

    private static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                q.append('\\').append(c);
            } else if (c < 0x20) {
                q.append(String.format("\\u%04x", (int) c));
            } else {
                q.append(c);
            }
        }
        return q.append('"').toString();
    }
}
