package dev.healthmon.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.healthmon.schemas.HealthEventType;
import org.junit.jupiter.api.Test;

class HealthEventScopeTest {

    @Test
    void groupEventsAreTheGroupTypesOnly() {
        assertThat(HealthEventScope.of(HealthEventType.GROUP_DEGRADED)).isEqualTo(HealthEventScope.GROUP);
        assertThat(HealthEventScope.of(HealthEventType.GROUP_UNHEALTHY)).isEqualTo(HealthEventScope.GROUP);
        assertThat(HealthEventScope.of(HealthEventType.GROUP_HEALTHY)).isEqualTo(HealthEventScope.GROUP);
        assertThat(HealthEventScope.of(HealthEventType.TARGET_DOWN)).isEqualTo(HealthEventScope.TARGET);
        assertThat(HealthEventScope.of(HealthEventType.NO_DATA)).isEqualTo(HealthEventScope.TARGET);
        assertThat(HealthEventScope.of(HealthEventType.CIRCUIT_OPENED)).isEqualTo(HealthEventScope.TARGET);
    }
}
