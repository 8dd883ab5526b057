package org.symple.server.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

    private final ClientAddress defaults = new ClientAddress(List.of("127.0.0.0/8", "::1"));

    @Test
    void headersFromATrustedProxyWin() {
        assertEquals("203.0.113.9", defaults.resolve("127.0.0.1", "203.0.113.9", "198.51.100.7"));
        assertEquals("198.51.100.7", defaults.resolve("127.0.0.1", null, " 198.51.100.7 , 10.0.0.1"));
        assertEquals("198.51.100.7", defaults.resolve("0:0:0:0:0:0:0:1", null, "198.51.100.7"));
        assertEquals("127.0.0.1", defaults.resolve("127.0.0.1", null, null));
    }

    @Test
    void headersFromAnyoneElseAreIgnored() {
        assertEquals("192.0.2.1", defaults.resolve("192.0.2.1", "203.0.113.9", "198.51.100.7"));
    }

    @Test
    void cidrBlocksAndMappedAddressesMatch() {
        ClientAddress proxies = new ClientAddress(List.of("10.0.0.0/8", "2001:db8::/32"));
        assertTrue(proxies.isTrusted("10.1.2.3"));
        assertTrue(proxies.isTrusted("::ffff:10.1.2.3"));
        assertTrue(proxies.isTrusted("2001:db8::5"));
        assertFalse(proxies.isTrusted("11.0.0.1"));
        assertFalse(proxies.isTrusted("not-an-ip"));
        assertTrue(new ClientAddress(List.of("*")).isTrusted("8.8.8.8"));
    }

    @Test
    void aPrefixThatEndsInsideAByteMatchesOnlyItsBits() {
        ClientAddress proxies = new ClientAddress(List.of("172.16.0.0/12", "not-a-block/8", "10.0.0.0/x"));
        assertTrue(proxies.isTrusted("172.16.0.1"));
        assertTrue(proxies.isTrusted("172.31.255.254"));
        assertFalse(proxies.isTrusted("172.32.0.1"));
        assertFalse(proxies.isTrusted("172.15.255.255"));
        assertFalse(proxies.isTrusted("10.0.0.1"), "an entry that is not a block trusts nobody");
    }
}
