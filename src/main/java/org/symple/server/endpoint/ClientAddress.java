package org.symple.server.endpoint;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The client's IP for {@code peer.host}: {@code X-Real-IP}, else the first {@code X-Forwarded-For}
 * entry, else the socket address; the headers count only when the socket address is a trusted proxy
 * (an IP or CIDR block from {@code SYMPLE_TRUSTED_PROXIES}).
 */
public final class ClientAddress {

    /** A trusted entry, parsed once: an IP or CIDR block ({@code network} null for {@code *}, anything). */
    private record Block(byte[] network, int bits) {
        boolean contains(byte[] address) {
            if (network == null) {
                return true;
            }
            if (address.length != network.length) {
                return false;
            }
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[whole] & mask) == (network[whole] & mask);
        }
    }

    private final List<Block> trusted;

    public ClientAddress(List<String> trustedProxies) {
        this.trusted = trustedProxies.stream().map(ClientAddress::block).filter(java.util.Objects::nonNull).toList();
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
        if (trusted.isEmpty()) {
            return false;
        }
        byte[] candidate = literal(address);
        for (Block block : trusted) {
            if (block.network() == null || (candidate != null && block.contains(candidate))) {
                return true;
            }
        }
        return false;
    }

    /** The entry as a block; null for one that is neither {@code *}, an IP literal nor a CIDR block of one. */
    private static Block block(String entry) {
        if (entry.equals("*")) {
            return new Block(null, 0);
        }
        try {
            int slash = entry.indexOf('/');
            byte[] network = literal(slash < 0 ? entry : entry.substring(0, slash));
            if (network == null) {
                return null;
            }
            int bits = slash < 0 ? network.length * 8 : Integer.parseInt(entry.substring(slash + 1).trim());
            return new Block(network, Math.max(0, Math.min(bits, network.length * 8)));
        } catch (NumberFormatException e) {
            return null;
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
