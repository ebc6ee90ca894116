package dev.healthmon.analyzer.circuit;

import java.time.Duration;

/** Circuit breaker settings for tests. */
public final class TestCircuits {

    /** What a target definition that sets nothing gets: its schema's defaults. */
    public static final CircuitBreakerConfig DEFAULT = new CircuitBreakerConfig(5, 3, Duration.ofSeconds(60), 3);

    private TestCircuits() {
    }
}
