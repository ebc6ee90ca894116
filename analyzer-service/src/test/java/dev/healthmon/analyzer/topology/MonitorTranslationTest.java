package dev.healthmon.analyzer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.healthmon.analyzer.circuit.CircuitBreakerConfig;
import dev.healthmon.analyzer.circuit.TestCircuits;
import dev.healthmon.analyzer.monitor.TargetRules;
import dev.healthmon.schemas.CircuitBreakerSettings;
import dev.healthmon.schemas.Quorum;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MonitorTranslationTest {

    @Test
    void aProbedTargetGetsTheDocumentedDefaults() {
        TargetRules rules = MonitorTranslation.rules(AnalyzerDriver.http("api").build());
        assertThat(rules.quorum()).isEqualTo(Quorum.MAJORITY);
        assertThat(rules.thresholds().failureThreshold()).isEqualTo(3);
        assertThat(rules.thresholds().successThreshold()).isEqualTo(1);
        assertThat(rules.staleAfter()).isEqualTo(Duration.ofSeconds(65));
        assertThat(rules.heartbeat()).isEmpty();
        assertThat(rules.circuit()).isEqualTo(TestCircuits.DEFAULT);
        assertThat(rules.enabled()).isTrue();
    }

    @Test
    void aHeartbeatTargetDefaultsToOneFailureAndTwoTtls() {
        TargetRules rules = MonitorTranslation.rules(AnalyzerDriver.heartbeat("job", Duration.ofSeconds(45)).build());
        assertThat(rules.thresholds().failureThreshold()).isEqualTo(1);
        assertThat(rules.staleAfter()).isEqualTo(Duration.ofSeconds(90));
        assertThat(rules.heartbeat()).hasValueSatisfying(h -> assertThat(h.ttl()).isEqualTo(Duration.ofSeconds(45)));
    }

    @Test
    void settingsBelowTheirMinimumAreReadAsTheMinimum() {
        TargetRules rules = MonitorTranslation.rules(AnalyzerDriver.http("api").setFailureThreshold(0)
                .setSuccessThreshold(-2).setStaleAfterMs(0L)
                .setCircuitBreaker(new CircuitBreakerSettings(0, 0, 0L, 0)).build());
        assertThat(rules.thresholds().failureThreshold()).isEqualTo(1);
        assertThat(rules.thresholds().successThreshold()).isEqualTo(1);
        assertThat(rules.staleAfter()).isEqualTo(Duration.ofMillis(1));
        assertThat(rules.circuit()).isEqualTo(new CircuitBreakerConfig(1, 1, Duration.ofMillis(1), 1));
    }
}
