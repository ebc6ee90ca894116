package dev.healthmon.address;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The addresses no prober connects to unless its operator replaces the list: link-local IPv4 (which holds
 * 169.254.169.254, the metadata service of most clouds), link-local IPv6, and the IPv6 metadata address of AWS.
 * The prober refuses them after resolving a target's host; the query service refuses a target whose host is one of
 * them literally, so that a target that could never be probed is refused when it is written.
 */
public final class DefaultDeniedAddresses {

    /** The list as the prober's {@code healthmon.prober.safety.deny} setting writes it (its default). */
    public static final String SETTING = "169.254.0.0/16,fe80::/10,fd00:ec2::254";

    /** The cloud metadata host name that does not resolve to a denied address everywhere (Google's). */
    public static final String GOOGLE_METADATA_HOST = "metadata.google.internal";

    private static final String LINK_LOCAL = "a link-local address, forbidden (cloud metadata endpoints live there)";
    private static final List<Entry> ENTRIES = List.of(
            new Entry(Cidr.parse("169.254.0.0/16"), LINK_LOCAL),
            new Entry(Cidr.parse("fe80::/10"), LINK_LOCAL),
            new Entry(Cidr.parse("fd00:ec2::254"), "the cloud metadata address fd00:ec2::254, forbidden"));

    static {
        if (!ENTRIES.stream().map(entry -> entry.range().toString()).toList().equals(ranges())) {
            throw new IllegalStateException("The described ranges differ from " + SETTING);
        }
    }

    private DefaultDeniedAddresses() {
    }

    /** The ranges of {@link #SETTING}, in its notation. */
    public static List<String> ranges() {
        return List.of(SETTING.split(","));
    }

    /** What makes {@code address} denied by default ("a link-local address, ..."), or empty when it is not. */
    public static Optional<String> reason(InetAddress address) {
        return ENTRIES.stream().filter(entry -> entry.range().contains(address)).map(Entry::reason).findFirst();
    }

    private record Entry(Cidr range, String reason) {
    }
}
