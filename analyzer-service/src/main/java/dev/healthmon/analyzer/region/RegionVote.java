package dev.healthmon.analyzer.region;

import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.Outcome;
import dev.healthmon.schemas.RegionState;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What one region says about one target. {@code decided} is {@code UNKNOWN}, {@code UP} or {@code DOWN} and
 * moves only when a threshold of consecutive results is reached; {@code stale} is laid over it when the region
 * has been silent for too long, so the vote leaves the quorum but is not forgotten: when the region reports
 * again its counts simply go on (silence does not break a run of results).
 *
 * @param lastResultAt start time of the last result applied; results that started earlier are ignored here
 * @param lastFailureKind the kind of the last result when it was {@code DOWN}, else {@code null}
 * @param lastProberId the prober of the last result applied, whose progress shows whether this region has been
 *        silent; {@code null} while not known
 */
public record RegionVote(String region, RegionState decided, boolean stale, int consecutiveFailures,
        int consecutiveSuccesses, Instant lastResultAt, FailureKind lastFailureKind, String lastMessage,
        String lastProberId) {

    public RegionVote {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(lastResultAt, "lastResultAt");
        if (decided == RegionState.STALE) {
            throw new IllegalArgumentException("STALE is an overlay, not a decided state");
        }
    }

    /** A region as it appears with its first result. */
    public static RegionVote first(String region, RegionResult result, RegionThresholds thresholds) {
        return new RegionVote(region, RegionState.UNKNOWN, false, 0, 0, result.startedAt(), null, null, null)
                .apply(result, thresholds);
    }

    /**
     * Applies a result. One that started before the last applied result arrived out of order and changes
     * nothing; any other counts towards the thresholds, from whatever state the region is in.
     */
    public RegionVote apply(RegionResult result, RegionThresholds thresholds) {
        if (isOutOfOrder(result.startedAt())) {
            return this;
        }
        boolean down = result.outcome() == Outcome.DOWN;
        int failures = down ? saturatedIncrement(consecutiveFailures) : 0;
        int successes = down ? 0 : saturatedIncrement(consecutiveSuccesses);
        RegionState next = decided;
        if (down && failures >= thresholds.failureThreshold()) {
            next = RegionState.DOWN;
        } else if (!down && successes >= thresholds.successThreshold()) {
            next = RegionState.UP;
        }
        // A missed heartbeat names no prober: the one that last reported is the one whose next result is awaited.
        return new RegionVote(region, next, false, failures, successes, result.startedAt(),
                down ? result.failureKind() : null, result.message(),
                result.proberId() != null ? result.proberId() : lastProberId);
    }

    public boolean isOutOfOrder(Instant startedAt) {
        return startedAt.isBefore(lastResultAt);
    }

    /** The moment this region goes stale if nothing more arrives. */
    public Instant staleAt(Duration staleAfter) {
        return lastResultAt.plus(staleAfter);
    }

    public RegionVote markedStale() {
        return new RegionVote(region, decided, true, consecutiveFailures, consecutiveSuccesses, lastResultAt,
                lastFailureKind, lastMessage, lastProberId);
    }

    /** Whether this region takes part in the quorum: decided and not stale. */
    public boolean votes() {
        return !stale && decided != RegionState.UNKNOWN;
    }

    /** The state as published: {@code STALE} when stale, else the decided state. */
    public RegionState reported() {
        return stale ? RegionState.STALE : decided;
    }

    private static int saturatedIncrement(int count) {
        return count == Integer.MAX_VALUE ? count : count + 1;
    }
}
