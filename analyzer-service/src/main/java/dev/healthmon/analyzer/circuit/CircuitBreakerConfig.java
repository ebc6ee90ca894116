package dev.healthmon.analyzer.circuit;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one target's circuit breaker. Their defaults are those of the target definition's schema.
 *
 * @param failureThreshold consecutive failures that open a closed circuit
 * @param successThreshold consecutive successes that close a half-open circuit
 * @param recoveryTimeout how long an open circuit waits before it lets test requests through (half-open)
 * @param maxTestRequests not enforced here: published for the callers that limit their requests in half-open
 */
public record CircuitBreakerConfig(int failureThreshold, int successThreshold, Duration recoveryTimeout,
        int maxTestRequests) {

    public CircuitBreakerConfig {
        Objects.requireNonNull(recoveryTimeout, "recoveryTimeout");
        if (failureThreshold < 1 || successThreshold < 1 || maxTestRequests < 1) {
            throw new IllegalArgumentException("Circuit breaker thresholds must be at least 1");
        }
        if (recoveryTimeout.isNegative() || recoveryTimeout.isZero()) {
            throw new IllegalArgumentException("recoveryTimeout must be positive, got " + recoveryTimeout);
        }
    }
}
