package dev.healthmon.prober.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressPolicyTest {

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

    @Test
    void defaultsRefuseLinkLocalAndMetadataOnly() throws Exception {
        AddressPolicy policy = TestAddressPolicies.defaults();
        assertThat(policy.refusal(ip("169.254.169.254"))).hasValue(
                "address 169.254.169.254 is in the denied range 169.254.0.0/16");
        assertThat(policy.refusal(ip("fe80::1"))).isPresent();
        assertThat(policy.refusal(ip("fd00:ec2::254"))).isPresent();
        assertThat(policy.refusal(ip("127.0.0.1"))).isEmpty();
        assertThat(policy.refusal(ip("10.0.0.1"))).isEmpty();
        assertThat(policy.refusal(ip("2001:db8::1"))).isEmpty();
    }

    @Test
    void allowListLimitsAndDenyAlwaysWins() throws Exception {
        AddressPolicy policy = AddressPolicy.of(List.of("10.0.0.0/8", "169.254.0.0/16"), List.of("10.9.0.0/16",
                "169.254.0.0/16"));
        assertThat(policy.refusal(ip("10.1.1.1"))).isEmpty();
        assertThat(policy.refusal(ip("10.9.1.1"))).hasValue("address 10.9.1.1 is in the denied range 10.9.0.0/16");
        assertThat(policy.refusal(ip("192.168.1.1"))).hasValue(
                "address 192.168.1.1 is outside the allowed ranges [10.0.0.0/8, 169.254.0.0/16]");
        assertThat(policy.refusal(ip("169.254.169.254"))).isPresent();
    }
}
