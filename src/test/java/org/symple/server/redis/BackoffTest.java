package org.symple.server.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesUpToTheCeilingAndStartsOverAfterAReset() {
        Backoff backoff = new Backoff(500, 10_000);
        long[] expected = {500, 1000, 2000, 4000, 8000, 10_000, 10_000};
        for (long delay : expected) {
            assertEquals(delay, backoff.next());
        }
        backoff.reset();
        assertEquals(500, backoff.next());
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(10, 5));
    }
}
