package org.symple.server.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class AddressTest {

    @Test
    void theIdIsEverythingAfterTheFirstBar() {
        assertEquals(new Address("a", "b|c"), Address.parse("a|b|c"));
        assertEquals(new Address("bob", ""), Address.parse("bob|"));
        assertEquals(new Address("bob", null), Address.parse("bob"));
        assertFalse(Address.parse("bob").hasBar());
        assertEquals("alice|A", Address.of("alice", "A"));
    }
}
