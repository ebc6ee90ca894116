package dev.healthmon.address;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * A block of IPv4 or IPv6 addresses in CIDR notation, such as {@code 169.254.0.0/16} or {@code fd00:ec2::254}. A value:
 * equal when the network and prefix length are (a class, not a record, so that the network's bytes stay inside).
 */
public final class Cidr {

    private final String notation;
    private final byte[] network;
    private final int prefixLength;

    private Cidr(String notation, byte[] network, int prefixLength) {
        this.notation = notation;
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /** Parses {@code address/prefix}; a bare address is a block of one. */
    public static Cidr parse(String notation) {
        String text = notation.trim();
        int slash = text.indexOf('/');
        String addressPart = slash < 0 ? text : text.substring(0, slash);
        // NetUtil parses literals only, so a host name can never trigger a blocking lookup here.
        byte[] address = NetUtil.createByteArrayFromIpAddressString(addressPart);
        if (address == null) {
            throw new IllegalArgumentException("Not an IP address in CIDR '" + notation + "'");
        }
        address = unmapped(address);
        int bits = address.length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? bits : Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a prefix length in CIDR '" + notation + "'", e);
        }
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("Prefix length out of range in CIDR '" + notation + "'");
        }
        return new Cidr(text, mask(address, prefix), prefix);
    }

    public boolean contains(InetAddress address) {
        byte[] candidate = unmapped(address.getAddress());
        return candidate.length == network.length && Arrays.equals(mask(candidate, prefixLength), network);
    }

    /** Reads an IPv4-mapped IPv6 address (::ffff:a.b.c.d) as the IPv4 address it carries. */
    private static byte[] unmapped(byte[] address) {
        if (address.length == 16) {
            try {
                InetAddress parsed = InetAddress.getByAddress(address);
                return parsed.getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(e);
            }
        }
        return address;
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            masked[i] &= (byte) (0xFF << (8 - keep));
        }
        return masked;
    }

    @Override
    public String toString() {
        return notation;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr that && prefixLength == that.prefixLength
                && Arrays.equals(network, that.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }
}
