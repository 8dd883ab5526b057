package org.symple.server.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class OutageLogTest {

    private final List<LogRecord> records = new ArrayList<>();
    private final Logger logger = Logger.getAnonymousLogger();

    OutageLogTest() {
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.ALL);
        logger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.INFO.intValue()) {
                    records.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    @Test
    void oneWarningPerOutageAndOneInfoOnRecovery() {
        OutageLog log = new OutageLog(logger, "127.0.0.1:6379");
        assertFalse(log.succeeded(), "no recovery without an outage");
        assertTrue(log.failed("Connection refused"));
        for (int i = 0; i < 50; i++) {
            assertFalse(log.failed("Connection refused"));
        }
        assertTrue(log.succeeded());
        assertFalse(log.succeeded());
        assertTrue(log.failed("Read timed out"));
        assertEquals(List.of(Level.WARNING, Level.INFO, Level.WARNING), records.stream().map(LogRecord::getLevel).toList());
        assertTrue(records.get(0).getMessage().contains("127.0.0.1:6379"));
        assertTrue(records.get(0).getMessage().contains("Connection refused"));
    }
}
