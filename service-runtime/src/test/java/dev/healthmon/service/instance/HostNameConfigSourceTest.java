package dev.healthmon.service.instance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostNameConfigSourceTest {

    private final HostNameConfigSource source = new HostNameConfigSource();

    @Test
    void suppliesTheHostNameBelowEveryOtherSource() {
        String hostName = source.getValue(HostNameConfigSource.PROPERTY);
        assertThat(hostName).isNotBlank().isEqualTo(source.getProperties().get(HostNameConfigSource.PROPERTY));
        String environment = System.getenv("HOSTNAME");
        if (environment != null && !environment.isBlank() && !environment.strip().equals("localhost")) {
            assertThat(hostName).isEqualTo(environment.strip());
        }
        assertThat(source.getValue("healthmon.other")).isNull();
        // application.properties is 250, environment 300, system properties 400.
        assertThat(source.getOrdinal()).isLessThan(100);
    }

    @Test
    void theEnvironmentNamesTheHostFirstThenTheSystem() {
        assertThat(HostNameConfigSource.hostName(" pod-7 ", Optional.of("node-3"))).isEqualTo("pod-7");
        assertThat(HostNameConfigSource.hostName(null, Optional.of("node-3"))).isEqualTo("node-3");
        assertThat(HostNameConfigSource.hostName("  ", Optional.of("node-3"))).isEqualTo("node-3");
    }

    @Test
    void aHostWithoutANameOfItsOwnGetsARandomOneThatNoOtherHostShares() {
        // A loopback name names every host: two hosts would share their instance ids.
        for (String unknown : new String[] {null, "", "localhost", "LOCALHOST.localdomain", "ip6-localhost"}) {
            String first = HostNameConfigSource.hostName(unknown, Optional.of("localhost"));
            String second = HostNameConfigSource.hostName(unknown, Optional.empty());
            assertThat(first).matches("host-[0-9a-f]{12}");
            assertThat(second).matches("host-[0-9a-f]{12}").isNotEqualTo(first);
        }
    }
}
