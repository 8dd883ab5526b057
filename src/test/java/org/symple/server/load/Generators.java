package org.symple.server.load;

import java.util.ArrayList;
import java.util.List;

/**
 * The generators a run uses, in order: {@code java} (the NIO {@link Generator}) and {@code node} (the
 * {@link NodeGenerator}); a scenario without a Node counterpart runs on the Java one only.
 */
record Generators(Generator java, NodeGenerator node, List<String> names) {

    /** Runs the scenario with each chosen generator that has it; one result each. */
    List<Result> run(Scenario s, Run run) {
        List<Result> results = new ArrayList<>();
        for (String name : names) {
            if (name.equals("java")) {
                results.add(runOne(s, run, () -> s.run(run), name));
            } else if (s.nodeSpec() != null) {
                results.add(runOne(s, run, () -> node.run(s.name, s.nodeSpec(), run), name));
            } else if (!names.contains("java")) {
                results.add(runOne(s, run, () -> s.run(run), "java")); // e.g. idle: the same whichever generator
            }
        }
        return results;
    }

    private static Result runOne(Scenario s, Run run, java.util.function.Supplier<Result> body, String generator) {
        long t = System.nanoTime();
        System.out.printf("%s %s %s %s ...%n", run.serverName(), s.name, run.endpoint(), generator);
        Result r;
        try {
            r = body.get();
        } catch (RuntimeException e) {
            r = new Result(run.serverName(), s.name, run.endpoint(), generator);
            r.complete = false;
            r.note = "failed: " + e;
        }
        try {
            Scenario.awaitServerIdle(run); // what this run left behind (its crowd's departures) is done before the next
        } catch (IllegalStateException generatorFailed) {
            // the next run on this generator reports it
        }
        System.out.printf("  %.1f s: %s%n", (System.nanoTime() - t) / 1e9,
                Report.table(List.of(r), "").lines().skip(4).findFirst().orElse(""));
        return r;
    }
}
