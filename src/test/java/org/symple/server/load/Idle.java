package org.symple.server.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * On a server that has served nothing yet: {@code count} authenticated peers (no rooms) held open. One operation is
 * one idle connection; reports resident memory and live heap (after a full GC) per connection, and writes the top
 * of the live-object histogram while they are held.
 */
final class Idle extends Scenario {

    private final int count;

    Idle(String name, int count) {
        super(name);
        this.count = count;
    }

    @Override
    boolean needsFreshServer() {
        return true;
    }

    @Override
    Result run(Run run) {
        Result result = run.result(name);
        result.put("connections", count);
        long heapBefore = run.server().heapAfterGcBytes();
        long rssBefore = run.server().rssBytes();
        Crowd crowd = new Crowd(run, 0, count, i -> "idle", i -> null, 100);
        Meter start = Meter.now(run.server(), run.generator());
        boolean done = crowd.connect(run.timeout().multipliedBy(4)); // a fresh server accepts slowly
        Meter phase = Meter.now(run.server(), run.generator()).since(start);
        long heapAfter = run.server().heapAfterGcBytes();
        writeHistogram(run);
        long rssAfter = run.server().rssBytes();
        int held = crowd.welcomed;
        costs(result, phase, held, held);
        result.put("rssBeforeMB", rssBefore / 1048576.0).put("rssAfterMB", rssAfter / 1048576.0);
        result.put("rssPerConnKB", (rssAfter - rssBefore) / 1024.0 / Math.max(1, held));
        result.put("heapPerConnKB", heapBefore < 0 ? Double.NaN : (heapAfter - heapBefore) / 1024.0 / Math.max(1, held));
        result.lost = count - held;
        result.complete = done;
        crowd.close();
        return result;
    }

    /** What the held connections are made of: {@code <server dir>/idle-<endpoint>-histogram.txt}. */
    private static void writeHistogram(Run run) {
        Path file = run.server().directory().resolve("idle-" + run.endpoint() + "-histogram.txt");
        try {
            Files.writeString(file, run.server().classHistogram(40));
        } catch (IOException e) {
            System.out.println("  histogram not written: " + e);
        }
    }
}
