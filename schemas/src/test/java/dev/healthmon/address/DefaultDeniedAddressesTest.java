package dev.healthmon.address;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DefaultDeniedAddressesTest {

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

    @Test
    void theRangesAreTheSettingsList() {
        assertThat(DefaultDeniedAddresses.ranges()).containsExactly("169.254.0.0/16", "fe80::/10", "fd00:ec2::254");
    }

    @ParameterizedTest
    @ValueSource(strings = {"169.254.169.254", "169.254.0.1", "::ffff:169.254.1.1", "fe80::1", "febf::1"})
    void linkLocalAddressesAreDenied(String address) throws Exception {
        assertThat(DefaultDeniedAddresses.reason(ip(address))).hasValueSatisfying(
                reason -> assertThat(reason).startsWith("a link-local address"));
    }

    @Test
    void theAwsMetadataAddressIsDenied() throws Exception {
        assertThat(DefaultDeniedAddresses.reason(ip("fd00:ec2:0:0:0:0:0:254"))).hasValueSatisfying(
                reason -> assertThat(reason).startsWith("the cloud metadata address fd00:ec2::254"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.0.0.1", "169.253.255.255", "fec0::1", "fd00:ec2::253", "2001:db8::1"})
    void otherAddressesAreNot(String address) throws Exception {
        assertThat(DefaultDeniedAddresses.reason(ip(address))).isEmpty();
    }
}
