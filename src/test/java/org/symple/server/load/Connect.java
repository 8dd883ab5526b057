package org.symple.server.load;

/**
 * {@code count} peers connect, {@code concurrency} handshakes at a time, each authenticating without rooms: one
 * operation is one connection from TCP connect to its welcome. Reports the rate, the server CPU per connection
 * and the time to welcome.
 */
final class Connect extends Scenario {

    private final int count;
    private final int concurrency;

    Connect(String name, int count, int concurrency) {
        super(name);
        this.count = count;
        this.concurrency = concurrency;
    }

    @Override
    java.util.Map<String, Object> nodeSpec() {
        return java.util.Map.of("kind", "connect", "count", count, "concurrency", concurrency);
    }

    @Override
    Result run(Run run) {
        Result result = run.result(name);
        result.put("connections", count).put("concurrency", concurrency);
        Crowd warm = new Crowd(run, 1_000_000, Math.min(200, count), i -> "c", i -> null, concurrency);
        warm.connect(run.timeout());
        warm.close();
        Crowd crowd = new Crowd(run, 0, count, i -> "c", i -> null, concurrency);
        Meter start = Meter.now(run.server(), run.generator());
        boolean done = crowd.connect(run.timeout());
        Meter phase = Meter.now(run.server(), run.generator()).since(start);
        int welcomed = crowd.welcomed;
        costs(result, phase, welcomed, welcomed);
        putPercentiles(result, crowd.welcomeNanos);
        result.lost = count - welcomed;
        result.complete = done;
        if (!done) {
            result.note = welcomed + " of " + count + " welcomed, " + crowd.failed + " refused or dropped";
        }
        crowd.close();
        return result;
    }
}
