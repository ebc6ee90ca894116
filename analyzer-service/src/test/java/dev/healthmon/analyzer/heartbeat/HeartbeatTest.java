package dev.healthmon.analyzer.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeartbeatTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    @ParameterizedTest
    @ValueSource(ints = {0, 137, 143})
    void stopExitCodesMeanStoppedOnPurpose(int code) {
        assertThat(ProcessExit.of(code)).isEqualTo(ProcessExit.STOPPED);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 126, 139, 255, -1})
    void otherNonZeroCodesMeanFailed(int code) {
        assertThat(ProcessExit.of(code)).isEqualTo(ProcessExit.FAILED);
    }

    @Test
    void noExitCodeIsAnOrdinaryHeartbeat() {
        assertThat(ProcessExit.of(null)).isEqualTo(ProcessExit.NONE);
    }

    @Test
    void aHeartbeatIsMissedExactlyOneTtlAfterTheLastResult() {
        HeartbeatDeadline deadline = new HeartbeatDeadline(Duration.ofSeconds(30));
        assertThat(deadline.missedAfter(T0)).isEqualTo(T0.plusSeconds(30));
    }

    @Test
    void ttlMustBePositive() {
        assertThatThrownBy(() -> new HeartbeatDeadline(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
