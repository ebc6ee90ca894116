package dev.healthmon.query.definition;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ForbiddenAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = { "169.254.169.254", "169.254.0.1", "[fe80::1]", "fe80::1", "febf::1", "fd00:ec2::254",
            "[FD00:EC2:0:0:0:0:0:254]", "::ffff:169.254.169.254", "metadata.google.internal",
            "METADATA.google.internal.", "2852039166", "0xa9fea9fe", "0251.0376.0251.0376", "not:an:address" })
    void forbids(String host) {
        assertThat(ForbiddenAddresses.reason(host)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = { "127.0.0.1", "10.0.0.1", "169.255.0.1", "example.com", "localhost", "[::1]",
            "fec0::1", "fd00:ec2::253", "metadata.google.internal.example.com", "1.example.com" })
    void allows(String host) {
        assertThat(ForbiddenAddresses.reason(host)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "10.0.0.1", "::1", "[2001:db8::1]" })
    void readsIpLiterals(String text) {
        assertThat(ForbiddenAddresses.ipLiteral(text)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = { "example.com", "10.0.0", "300.1.1.1", "::g" })
    void readsNothingElseAsAnIpLiteral(String text) {
        assertThat(ForbiddenAddresses.ipLiteral(text)).isEmpty();
    }
}
