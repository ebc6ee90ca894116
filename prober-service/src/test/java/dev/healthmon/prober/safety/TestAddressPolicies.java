package dev.healthmon.prober.safety;

import dev.healthmon.address.DefaultDeniedAddresses;
import java.util.List;

/** Address policies for tests. */
public final class TestAddressPolicies {

    private TestAddressPolicies() {
    }

    /** The policy of a prober whose safety settings are left at their defaults. */
    public static AddressPolicy defaults() {
        return AddressPolicy.of(List.of(), DefaultDeniedAddresses.ranges());
    }
}
