package org.symple.server.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.symple.server.protocol.FrameCodec;

/** Which frames a slow reader may have replaced by a newer one: presence of one peer, nothing else. */
class CoalesceKeyTest {

    private static String key(String json) {
        return Connection.coalesceKey(FrameCodec.parseObject(json).orElseThrow());
    }

    @Test
    void presenceIsKeyedBySender() {
        assertEquals("alice|A", key("{\"type\":\"presence\",\"from\":\"alice|A\",\"data\":{\"online\":true}}"));
    }

    @Test
    void probesCallsAndEverythingElseAreNeverReplaced() {
        assertNull(key("{\"type\":\"presence\",\"from\":\"alice|A\",\"probe\":true,\"data\":{}}"));
        assertNull(key("{\"type\":\"message\",\"subtype\":\"call:offer\",\"from\":\"alice|A\"}"));
        assertNull(key("{\"type\":\"event\",\"from\":\"alice|A\"}"));
        assertNull(key("{\"type\":\"presence\",\"data\":{}}"));
        assertNull(Connection.coalesceKey(null));
    }
}
