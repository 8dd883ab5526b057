package org.symple.server.endpoint;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The client's IP for {@code peer.host}: {@code X-Real-IP}, else the first {@code X-Forwarded-For}
 * entry, else the socket address; the headers count only when the socket address is a trusted proxy
 * (an IP or CIDR block from {@code SYMPLE_TRUSTED_PROXIES}).
 */
public final class ClientAddress {

    private final List<String> trustedProxies;

    public ClientAddress(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    public String resolve(String remoteAddress, String realIp, String forwardedFor) {
        if (remoteAddress != null && isTrusted(remoteAddress)) {
            if (realIp != null && !realIp.isBlank()) {
                return realIp.trim();
            }
            if (forwardedFor != null && !forwardedFor.isBlank()) {
                String first = forwardedFor.split(",", 2)[0].trim();
                if (!first.isEmpty()) {
                    return first;
                }
            }
        }
        return remoteAddress;
    }

    boolean isTrusted(String address) {
        for (String entry : trustedProxies) {
            if (entry.equals("*") || matches(address, entry)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String address, String entry) {
        try {
            int slash = entry.indexOf('/');
            byte[] candidate = literal(address);
            byte[] network = literal(slash < 0 ? entry : entry.substring(0, slash));
            if (candidate == null || network == null || candidate.length != network.length) {
                return false;
            }
            int bits = slash < 0 ? network.length * 8 : Integer.parseInt(entry.substring(slash + 1));
            if (bits <= 0) {
                return true;
            }
            int shift = network.length * 8 - Math.min(bits, network.length * 8);
            return new BigInteger(1, candidate).shiftRight(shift).equals(new BigInteger(1, network).shiftRight(shift));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The bytes of an IP literal (IPv4-mapped IPv6 as IPv4); null for anything that is not a literal. */
    private static byte[] literal(String text) {
        String value = text.trim();
        if (value.startsWith("[") && value.endsWith("]")) {
            value = value.substring(1, value.length() - 1);
        }
        if (value.isEmpty() || !(value.indexOf(':') >= 0 || Character.isDigit(value.charAt(0)))) {
            return null; // never resolve host names
        }
        try {
            byte[] bytes = InetAddress.getByName(value).getAddress();
            if (bytes.length == 16 && isIpv4Mapped(bytes)) {
                return new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]};
            }
            return bytes;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }
}
