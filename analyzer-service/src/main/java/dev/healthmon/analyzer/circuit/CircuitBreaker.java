package dev.healthmon.analyzer.circuit;

import dev.healthmon.schemas.CircuitState;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One target's circuit breaker, immutable; time is passed in. Results are fed in arrival order. An open
 * circuit ignores results until its recovery timeout has passed: callers are expected to stop sending
 * requests, so what still arrives says nothing about recovery.
 *
 * @param since when the current state was entered
 */
public record CircuitBreaker(CircuitState state, Instant since, int consecutiveFailures, int consecutiveSuccesses) {

    public CircuitBreaker {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
    }

    /** A breaker and the transition, if any, that produced it. */
    public record Step(CircuitBreaker breaker, Optional<CircuitTransition> transition) {
    }

    public static CircuitBreaker closed(Instant since) {
        return new CircuitBreaker(CircuitState.CLOSED, since, 0, 0);
    }

    /** When an open circuit turns half-open; empty in any other state. */
    public Optional<Instant> recoveryDueAt(CircuitBreakerConfig config) {
        return state == CircuitState.OPEN ? Optional.of(since.plus(config.recoveryTimeout())) : Optional.empty();
    }

    /** {@code OPEN} to {@code HALF_OPEN} once the recovery timeout has passed at {@code now}. */
    public Step advance(Instant now, CircuitBreakerConfig config) {
        Optional<Instant> due = recoveryDueAt(config);
        if (due.isPresent() && !now.isBefore(due.get())) {
            return moveTo(CircuitState.HALF_OPEN, due.get());
        }
        return unchanged(this);
    }

    /** Feeds one result at {@code at}; call {@link #advance} first so a due recovery is not missed. */
    public Step onResult(boolean success, Instant at, CircuitBreakerConfig config) {
        return switch (state) {
            case CLOSED -> {
                if (success) {
                    yield unchanged(new CircuitBreaker(state, since, 0, 0));
                }
                int failures = consecutiveFailures + 1;
                yield failures >= config.failureThreshold() ? moveTo(CircuitState.OPEN, at)
                        : unchanged(new CircuitBreaker(state, since, failures, 0));
            }
            case OPEN -> unchanged(this);
            case HALF_OPEN -> {
                if (!success) {
                    yield moveTo(CircuitState.OPEN, at);
                }
                int successes = consecutiveSuccesses + 1;
                yield successes >= config.successThreshold() ? moveTo(CircuitState.CLOSED, at)
                        : unchanged(new CircuitBreaker(state, since, 0, successes));
            }
        };
    }

    /** Back to {@code CLOSED} with fresh counts, whatever the state (the target was paused or deleted). */
    public Step reset(Instant at) {
        return state == CircuitState.CLOSED ? unchanged(closed(since)) : moveTo(CircuitState.CLOSED, at);
    }

    private Step moveTo(CircuitState next, Instant at) {
        CircuitTransition transition = CircuitTransition.between(state, next);
        return new Step(new CircuitBreaker(next, at, 0, 0), Optional.of(transition));
    }

    private static Step unchanged(CircuitBreaker breaker) {
        return new Step(breaker, Optional.empty());
    }
}
