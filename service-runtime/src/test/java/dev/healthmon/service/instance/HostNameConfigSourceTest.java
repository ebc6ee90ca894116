package dev.healthmon.service.instance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostNameConfigSourceTest {

    private final HostNameConfigSource source = new HostNameConfigSource();

    @Test
    void suppliesTheHostNameBelowEveryOtherSource() {
        String hostName = source.getValue(HostNameConfigSource.PROPERTY);
        assertThat(hostName).isNotBlank().isEqualTo(source.getProperties().get(HostNameConfigSource.PROPERTY));
        String environment = System.getenv("HOSTNAME");
        if (environment != null && !environment.isBlank()) {
            assertThat(hostName).isEqualTo(environment.strip());
        }
        assertThat(source.getValue("healthmon.other")).isNull();
        // application.properties is 250, environment 300, system properties 400.
        assertThat(source.getOrdinal()).isLessThan(100);
    }
}
