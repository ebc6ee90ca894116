package dev.healthmon.query.definition;

import dev.healthmon.address.DefaultDeniedAddresses;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The prober's default SSRF rules ({@link DefaultDeniedAddresses}), applied to the hosts a target names so that a
 * target that could never be probed is refused when it is written, with the name metadata.google.internal. Only
 * literal addresses and that name are checked here; other names are resolved, and checked again, by the prober at
 * probe time.
 */
public final class ForbiddenAddresses {

    // Hosts such as 2852039166 or 0251.0376.0251.0376 that some resolvers read as IPv4 addresses.
    private static final Pattern OTHER_NUMERIC_FORM = Pattern.compile("(0x[0-9a-f]+|\\d+)(\\.(0x[0-9a-f]+|\\d+)){0,3}");

    private ForbiddenAddresses() {
    }

    /** Why a connection to this host is forbidden, or empty when it is allowed. */
    public static Optional<String> reason(String host) {
        String normalised = normalise(host);
        if (normalised.endsWith(".")) {
            normalised = normalised.substring(0, normalised.length() - 1);
        }
        if (normalised.equals(DefaultDeniedAddresses.GOOGLE_METADATA_HOST)) {
            return Optional.of("is a cloud metadata host, forbidden");
        }
        Optional<InetAddress> literal = ipLiteral(normalised);
        if (literal.isPresent()) {
            return DefaultDeniedAddresses.reason(literal.get()).map(reason -> "is " + reason);
        }
        if (normalised.contains(":")) {
            return Optional.of("is not a valid IP address (a port belongs in its own field)");
        }
        if (OTHER_NUMERIC_FORM.matcher(normalised).matches()) {
            return Optional.of("is a numeric address that is not a dotted quad; write IPv4 addresses as a.b.c.d");
        }
        return Optional.empty();
    }

    /** The address an IPv4 dotted quad or an IPv6 literal (bracketed or not) denotes; empty for anything else. */
    public static Optional<InetAddress> ipLiteral(String text) {
        // NetUtil parses literals only (as the prober does), so a host name never causes a DNS lookup here.
        byte[] address = NetUtil.createByteArrayFromIpAddressString(normalise(text));
        if (address == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(address));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static String normalise(String host) {
        String normalised = host.strip().toLowerCase(Locale.ROOT);
        if (normalised.startsWith("[") && normalised.endsWith("]")) {
            normalised = normalised.substring(1, normalised.length() - 1);
        }
        return normalised;
    }
}
