package dev.healthmon.prober.safety;

import dev.healthmon.address.Cidr;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Which resolved addresses the prober may connect to. Probing sends a request from inside the network to an
 * address a user chose, so by default the {@link dev.healthmon.address.DefaultDeniedAddresses} are refused. When
 * {@code allow} is not empty only addresses inside it are probed; {@code deny} always wins.
 */
public record AddressPolicy(List<Cidr> allow, List<Cidr> deny) {

    public AddressPolicy {
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
    }

    public static AddressPolicy of(List<String> allow, List<String> deny) {
        return new AddressPolicy(allow.stream().map(Cidr::parse).toList(), deny.stream().map(Cidr::parse).toList());
    }

    /** Why {@code address} must not be probed, or empty when it may be. */
    public Optional<String> refusal(InetAddress address) {
        String shown = address.getHostAddress();
        for (Cidr denied : deny) {
            if (denied.contains(address)) {
                return Optional.of("address " + shown + " is in the denied range " + denied);
            }
        }
        if (!allow.isEmpty() && allow.stream().noneMatch(allowed -> allowed.contains(address))) {
            return Optional.of("address " + shown + " is outside the allowed ranges " + allow);
        }
        return Optional.empty();
    }
}
