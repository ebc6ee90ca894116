package dev.healthmon.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class CidrTest {

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
}
