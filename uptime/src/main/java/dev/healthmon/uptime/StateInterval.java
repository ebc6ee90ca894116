package dev.healthmon.uptime;

import dev.healthmon.schemas.Granularity;
import dev.healthmon.schemas.TargetState;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A target was in {@code state} during {@code [from, to)}: what the analyzer reports so that time in
 * state can be added to the buckets the interval overlaps.
 */
public record StateInterval(TargetState state, Instant from, Instant to) {

    public StateInterval {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("state interval ends before it starts: [" + from + ", " + to + ")");
        }
    }

    /**
     * The buckets of a granularity that this interval overlaps: the ones to pass, each with this
     * interval, to {@link UptimeBuckets#withTimeInState}.
     */
    public List<BucketSpan> spans(Granularity granularity) {
        return BucketSpan.covering(granularity, from, to);
    }

    /** Milliseconds of this interval inside {@code span}. */
    public long overlapMillis(BucketSpan span) {
        return span.overlapMillis(from, to);
    }
}
