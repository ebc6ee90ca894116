package dev.healthmon.prober.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressPolicyTest {

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

    @Test
    void cidrMatching() throws Exception {
        Cidr linkLocal = Cidr.parse("169.254.0.0/16");
        assertThat(linkLocal.contains(ip("169.254.169.254"))).isTrue();
        assertThat(linkLocal.contains(ip("169.253.255.255"))).isFalse();
        assertThat(linkLocal.contains(ip("::ffff:169.254.1.1"))).isTrue();
        assertThat(linkLocal.contains(ip("fe80::1"))).isFalse();
        assertThat(Cidr.parse("fe80::/10").contains(ip("febf::1"))).isTrue();
        assertThat(Cidr.parse("fe80::/10").contains(ip("fec0::1"))).isFalse();
        assertThat(Cidr.parse("fd00:ec2::254").contains(ip("fd00:ec2:0:0:0:0:0:254"))).isTrue();
        assertThat(Cidr.parse("fd00:ec2::254").contains(ip("fd00:ec2::253"))).isFalse();
        assertThat(Cidr.parse("10.1.2.3/9")).isEqualTo(Cidr.parse("10.0.0.0/9"));
        assertThat(Cidr.parse("0.0.0.0/0").contains(ip("8.8.8.8"))).isTrue();
    }

    @Test
    void rejectsMalformedCidrs() {
        assertThatThrownBy(() -> Cidr.parse("example.com/8")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultsRefuseLinkLocalAndMetadataOnly() throws Exception {
        AddressPolicy policy = AddressPolicy.defaults();
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
