package dev.healthmon.analyzer.circuit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.healthmon.schemas.CircuitState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CircuitBreakerTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final CircuitBreakerConfig CONFIG = TestCircuits.DEFAULT;

    private static CircuitBreaker failTimes(CircuitBreaker breaker, int times, Instant at) {
        for (int i = 0; i < times; i++) {
            breaker = breaker.onResult(false, at, CONFIG).breaker();
        }
        return breaker;
    }

    private static CircuitBreaker open() {
        return failTimes(CircuitBreaker.closed(T0), 5, T0);
    }

    private static CircuitBreaker halfOpen() {
        return open().advance(T0.plusSeconds(60), CONFIG).breaker();
    }

    @Test
    void defaultsAreFiveThreeSixtySecondsThree() {
        assertThat(CONFIG).isEqualTo(new CircuitBreakerConfig(5, 3, Duration.ofSeconds(60), 3));
    }

    @Test
    void rejectsNonsenseSettings() {
        assertThatThrownBy(() -> new CircuitBreakerConfig(0, 3, Duration.ofSeconds(1), 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CircuitBreakerConfig(5, 3, Duration.ZERO, 3))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closedOpensAfterFailureThresholdConsecutiveFailures() {
        CircuitBreaker breaker = failTimes(CircuitBreaker.closed(T0), 4, T0);
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.consecutiveFailures()).isEqualTo(4);
        CircuitBreaker.Step step = breaker.onResult(false, T0.plusSeconds(5), CONFIG);
        assertThat(step.transition()).contains(CircuitTransition.CLOSED_TO_OPEN);
        assertThat(step.breaker().state()).isEqualTo(CircuitState.OPEN);
        assertThat(step.breaker().since()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void aSuccessResetsTheFailureCount() {
        CircuitBreaker breaker = failTimes(CircuitBreaker.closed(T0), 4, T0).onResult(true, T0, CONFIG).breaker();
        breaker = failTimes(breaker, 4, T0);
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void openIgnoresResultsUntilTheRecoveryTimeout() {
        CircuitBreaker breaker = open();
        assertThat(breaker.onResult(true, T0.plusSeconds(10), CONFIG).breaker()).isEqualTo(breaker);
        assertThat(breaker.advance(T0.plusSeconds(59), CONFIG).transition()).isEmpty();
        assertThat(breaker.recoveryDueAt(CONFIG)).contains(T0.plusSeconds(60));
    }

    @Test
    void openTurnsHalfOpenOnceTheRecoveryTimeoutHasPassed() {
        CircuitBreaker.Step step = open().advance(T0.plusSeconds(90), CONFIG);
        assertThat(step.transition()).contains(CircuitTransition.OPEN_TO_HALF_OPEN);
        // Placed at the instant it became due, not when someone looked.
        assertThat(step.breaker().since()).isEqualTo(T0.plusSeconds(60));
        assertThat(step.breaker().recoveryDueAt(CONFIG)).isEmpty();
    }

    @Test
    void halfOpenClosesAfterSuccessThresholdSuccesses() {
        CircuitBreaker breaker = halfOpen().onResult(true, T0.plusSeconds(61), CONFIG).breaker()
                .onResult(true, T0.plusSeconds(62), CONFIG).breaker();
        assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(breaker.consecutiveSuccesses()).isEqualTo(2);
        CircuitBreaker.Step step = breaker.onResult(true, T0.plusSeconds(63), CONFIG);
        assertThat(step.transition()).contains(CircuitTransition.HALF_OPEN_TO_CLOSED);
        assertThat(step.breaker()).isEqualTo(CircuitBreaker.closed(T0.plusSeconds(63)));
    }

    @Test
    void halfOpenReopensOnAnyFailure() {
        CircuitBreaker.Step step = halfOpen().onResult(true, T0.plusSeconds(61), CONFIG).breaker()
                .onResult(false, T0.plusSeconds(62), CONFIG);
        assertThat(step.transition()).contains(CircuitTransition.HALF_OPEN_TO_OPEN);
        assertThat(step.breaker().state()).isEqualTo(CircuitState.OPEN);
        assertThat(step.breaker().recoveryDueAt(CONFIG)).contains(T0.plusSeconds(122));
    }

    @Test
    void resetClosesFromAnyState() {
        assertThat(open().reset(T0.plusSeconds(1)).transition()).contains(CircuitTransition.OPEN_TO_CLOSED);
        assertThat(halfOpen().reset(T0.plusSeconds(61)).transition())
                .contains(CircuitTransition.HALF_OPEN_TO_CLOSED);
        CircuitBreaker.Step closed = failTimes(CircuitBreaker.closed(T0), 3, T0).reset(T0.plusSeconds(1));
        assertThat(closed.transition()).isEmpty();
        assertThat(closed.breaker().consecutiveFailures()).isZero();
    }

    @ParameterizedTest
    @CsvSource({"CLOSED, OPEN, CLOSED_TO_OPEN", "OPEN, HALF_OPEN, OPEN_TO_HALF_OPEN",
        "HALF_OPEN, CLOSED, HALF_OPEN_TO_CLOSED", "HALF_OPEN, OPEN, HALF_OPEN_TO_OPEN", "OPEN, CLOSED, OPEN_TO_CLOSED"})
    void whitelistsTheLegalTransitions(CircuitState from, CircuitState to, CircuitTransition expected) {
        assertThat(CircuitTransition.between(from, to)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"CLOSED, HALF_OPEN", "CLOSED, CLOSED", "OPEN, OPEN", "HALF_OPEN, HALF_OPEN"})
    void rejectsEveryOtherTransition(CircuitState from, CircuitState to) {
        assertThatThrownBy(() -> CircuitTransition.between(from, to)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aClosedCircuitHasNoRecoveryDue() {
        assertThat(CircuitBreaker.closed(T0).recoveryDueAt(CONFIG)).isEqualTo(Optional.empty());
    }
}
