package dev.healthmon.analyzer.monitor;

import dev.healthmon.analyzer.circuit.CircuitBreakerConfig;
import dev.healthmon.analyzer.heartbeat.HeartbeatDeadline;
import dev.healthmon.analyzer.region.RegionThresholds;
import dev.healthmon.schemas.Quorum;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How one target is judged, with every default resolved.
 *
 * @param heartbeat present for push (heartbeat) targets
 * @param dependsOn targets whose {@code DOWN} explains (and suppresses) this one's incidents, in declared order
 * @param enabled {@code false} pauses the target
 */
public record TargetRules(Quorum quorum, RegionThresholds thresholds, Duration staleAfter,
        Optional<HeartbeatDeadline> heartbeat, CircuitBreakerConfig circuit, List<String> dependsOn,
        boolean enabled) {

    public static final int DEFAULT_FAILURE_THRESHOLD = 3;
    public static final int DEFAULT_HEARTBEAT_FAILURE_THRESHOLD = 1;
    public static final int DEFAULT_SUCCESS_THRESHOLD = 1;

    public TargetRules {
        Objects.requireNonNull(quorum, "quorum");
        Objects.requireNonNull(thresholds, "thresholds");
        Objects.requireNonNull(staleAfter, "staleAfter");
        Objects.requireNonNull(heartbeat, "heartbeat");
        Objects.requireNonNull(circuit, "circuit");
        dependsOn = List.copyOf(dependsOn);
        if (staleAfter.isNegative() || staleAfter.isZero()) {
            throw new IllegalArgumentException("staleAfter must be positive, got " + staleAfter);
        }
    }

    /**
     * Rules from a definition's raw settings, {@code null} meaning "the default": failure threshold 3 (1 for
     * heartbeat targets), success threshold 1, stale after {@code 2 × interval + timeout} ({@code 2 × ttl} for
     * heartbeat targets).
     */
    public static TargetRules resolve(Quorum quorum, Integer failureThreshold, Integer successThreshold,
            Duration staleAfter, Duration interval, Duration timeout, Duration heartbeatTtl,
            CircuitBreakerConfig circuit, List<String> dependsOn, boolean enabled) {
        boolean push = heartbeatTtl != null;
        int failures = failureThreshold != null ? failureThreshold
                : push ? DEFAULT_HEARTBEAT_FAILURE_THRESHOLD : DEFAULT_FAILURE_THRESHOLD;
        int successes = successThreshold != null ? successThreshold : DEFAULT_SUCCESS_THRESHOLD;
        Duration stale = staleAfter != null ? staleAfter
                : push ? heartbeatTtl.multipliedBy(2) : interval.multipliedBy(2).plus(timeout);
        return new TargetRules(quorum, new RegionThresholds(failures, successes), stale,
                Optional.ofNullable(heartbeatTtl).map(HeartbeatDeadline::new), circuit, dependsOn, enabled);
    }
}
