package dev.healthmon.uptime;

import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.TargetState;
import dev.healthmon.schemas.UptimeBucket;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The health of one target over {@code [from, to)}, merged from its uptime buckets: what an operator
 * asks for as "the last 24 h" or "the last 30 days".
 *
 * <ul>
 *   <li>{@code successRatio} = {@code up / checks}, by check results; empty without any result.</li>
 *   <li>{@code availability} = available / (available + unavailable) time, by the states in
 *       {@link StateAvailability}; empty when no time counts either way.</li>
 *   <li>{@code failuresByKind} adds up to {@code down}.</li>
 *   <li>{@code latency} is empty when no result in the range carried a latency.</li>
 * </ul>
 *
 * @param from start of the range the buckets cover, which may be wider than the one asked for (see {@link BucketPlan})
 * @param to end of that range, exclusive
 */
public record HealthReport(
        Instant from,
        Instant to,
        long checks,
        long up,
        long down,
        OptionalDouble successRatio,
        Map<TargetState, Long> timeInStateMs,
        long availableMs,
        long unavailableMs,
        OptionalDouble availability,
        Map<FailureKind, Long> failuresByKind,
        Optional<LatencySummary> latency) {

    /**
     * Merges the buckets that {@code plan} names into a report over the plan's range. Buckets outside
     * the plan are ignored, so a caller may pass everything a store range query returned; a planned
     * bucket that is absent had no data.
     *
     * @throws IllegalArgumentException if the buckets are of more than one target, or the same bucket
     *     is passed twice
     */
    public static HealthReport of(BucketPlan plan, Iterable<UptimeBucket> buckets) {
        UptimeTotals totals = UptimeTotals.EMPTY;
        Set<BucketSpan> planned = new HashSet<>(plan.spans());
        Set<BucketSpan> seen = new HashSet<>();
        String targetId = null;
        for (UptimeBucket bucket : buckets) {
            if (targetId == null) {
                targetId = bucket.getTargetId();
            } else if (!targetId.equals(bucket.getTargetId())) {
                throw new IllegalArgumentException("buckets of targets " + targetId + " and " + bucket.getTargetId());
            }
            BucketSpan span = UptimeBuckets.span(bucket);
            if (!planned.contains(span)) {
                continue;
            }
            if (!seen.add(span)) {
                throw new IllegalArgumentException("bucket " + span + " passed twice");
            }
            totals = totals.plus(UptimeTotals.of(bucket));
        }
        return of(plan.from(), plan.to(), totals);
    }

    /** The report of totals already summed over {@code [from, to)}. */
    public static HealthReport of(Instant from, Instant to, UptimeTotals totals) {
        long availableMs = totals.millis(StateAvailability.AVAILABLE);
        long unavailableMs = totals.millis(StateAvailability.UNAVAILABLE);
        return new HealthReport(
                from,
                to,
                totals.checks(),
                totals.up(),
                totals.down(),
                ratio(totals.up(), totals.checks()),
                totals.timeInStateMs(),
                availableMs,
                unavailableMs,
                ratio(availableMs, availableMs + unavailableMs),
                totals.failuresByKind(),
                totals.latencyCount() == 0 ? Optional.empty() : Optional.of(LatencySummary.of(totals)));
    }

    private static OptionalDouble ratio(long part, long whole) {
        return whole == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) part / whole);
    }
}
