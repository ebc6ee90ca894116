package dev.healthmon.analyzer.topology;

import dev.healthmon.schemas.Granularity;
import dev.healthmon.uptime.BucketSpan;
import java.time.Duration;
import java.util.Objects;

/**
 * How long the uptime buckets accept late results and how long their stores keep them.
 *
 * @param grace how long after a bucket's end a late result (by start time) is still counted in it
 * @param minuteRetention how long the 1-minute buckets are kept in their store
 * @param hourRetention how long the 1-hour buckets are kept in their store
 */
public record UptimeWindows(Duration grace, Duration minuteRetention, Duration hourRetention) {

    public UptimeWindows {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("The uptime grace period must not be negative");
        }
        requireRetention(Granularity.MINUTE, minuteRetention, grace);
        requireRetention(Granularity.HOUR, hourRetention, grace);
    }

    public Duration retention(Granularity granularity) {
        return switch (granularity) {
            case MINUTE -> minuteRetention;
            case HOUR -> hourRetention;
        };
    }

    /**
     * Whether a bucket no longer takes results once the latest start time seen is {@code observedEventTimeMs}:
     * its end plus the grace has been reached, as for Kafka Streams' own windowed aggregations.
     */
    boolean closed(BucketSpan span, long observedEventTimeMs) {
        return span.end().toEpochMilli() + grace.toMillis() <= observedEventTimeMs;
    }

    // A store that dropped a bucket before its grace ended would silently restart it from zero.
    private static void requireRetention(Granularity granularity, Duration retention, Duration grace) {
        Objects.requireNonNull(retention, "retention");
        if (retention.compareTo(BucketSpan.width(granularity).plus(grace)) < 0) {
            throw new IllegalArgumentException("The " + granularity + " bucket retention " + retention
                    + " is shorter than a bucket plus the grace period");
        }
    }
}
