package org.symple.server.cluster;

import java.util.Map;

/** The single-instance broker: nothing leaves the process, so nothing can come back. */
class LocalBrokerTest extends BrokerContract {

    private final LocalBroker broker = new LocalBroker();

    @Override
    Broker broker() {
        return broker;
    }

    @Override
    void settle() {
        // it has no threads: whatever it did is done
    }

    @Override
    Map<String, Runnable> outages() {
        return Map.of();
    }
}
