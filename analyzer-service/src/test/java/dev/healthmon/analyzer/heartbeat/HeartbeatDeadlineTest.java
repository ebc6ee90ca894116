package dev.healthmon.analyzer.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HeartbeatDeadlineTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

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
