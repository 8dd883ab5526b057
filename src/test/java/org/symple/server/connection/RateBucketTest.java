package org.symple.server.connection;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RateBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void startsFullAndRejectsWhenEmpty() {
        RateBucket bucket = new RateBucket(3, 10);
        assertTrue(bucket.tryTake(0));
        assertTrue(bucket.tryTake(0));
        assertTrue(bucket.tryTake(0));
        assertFalse(bucket.tryTake(0));
    }

    @Test
    void refillsAtCapacityPerWindow() {
        RateBucket bucket = new RateBucket(3, 1);
        for (int i = 0; i < 3; i++) {
            assertTrue(bucket.tryTake(0));
        }
        assertFalse(bucket.tryTake(SECOND / 10));
        long later = SECOND / 10 + 1_200_000_000L;
        for (int i = 0; i < 3; i++) {
            assertTrue(bucket.tryTake(later));
        }
        assertFalse(bucket.tryTake(later));
    }

    @Test
    void neverHoldsMoreThanItsCapacity() {
        RateBucket bucket = new RateBucket(2, 1);
        bucket.tryTake(0);
        long muchLater = 3600 * SECOND;
        assertTrue(bucket.tryTake(muchLater));
        assertTrue(bucket.tryTake(muchLater));
        assertFalse(bucket.tryTake(muchLater));
    }
}
