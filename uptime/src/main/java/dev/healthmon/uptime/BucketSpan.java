package dev.healthmon.uptime;

import dev.healthmon.schemas.Granularity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The interval {@code [start, end)} of one uptime bucket: tumbling windows of one minute or one hour,
 * aligned on the Unix epoch (so hours start at :00 UTC), at millisecond precision like the
 * {@code timestamp-millis} fields they are computed from. All bucket boundary maths lives here.
 */
public record BucketSpan(Granularity granularity, Instant start) {

    public BucketSpan {
        Objects.requireNonNull(granularity, "granularity");
        Objects.requireNonNull(start, "start");
        // A whole millisecond that starts a bucket.
        if (!Instant.ofEpochMilli(floorMillis(granularity, start.toEpochMilli())).equals(start)) {
            throw new IllegalArgumentException(start + " is not the start of a " + granularity + " bucket");
        }
    }

    /** Width of the buckets of a granularity. */
    public static Duration width(Granularity granularity) {
        return switch (granularity) {
            case MINUTE -> Duration.ofMinutes(1);
            case HOUR -> Duration.ofHours(1);
        };
    }

    /** The bucket that holds {@code instant}: a bucket holds its start and not its end. */
    public static BucketSpan containing(Granularity granularity, Instant instant) {
        return new BucketSpan(granularity, Instant.ofEpochMilli(floorMillis(granularity, instant.toEpochMilli())));
    }

    /**
     * The buckets that {@code [from, to)} overlaps, in time order; none when the interval is empty.
     *
     * @throws IllegalArgumentException if {@code to} is before {@code from}
     */
    public static List<BucketSpan> covering(Granularity granularity, Instant from, Instant to) {
        requireOrdered(from, to);
        List<BucketSpan> spans = new ArrayList<>();
        if (from.equals(to)) {
            return spans;
        }
        for (BucketSpan span = containing(granularity, from); span.start.isBefore(to); span = span.next()) {
            spans.add(span);
        }
        return spans;
    }

    /** The first instant after this bucket, which is the start of the next one. */
    public Instant end() {
        return start.plus(width(granularity));
    }

    public BucketSpan next() {
        return new BucketSpan(granularity, end());
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(start) && instant.isBefore(end());
    }

    /**
     * Milliseconds of {@code [from, to)} that fall in this bucket.
     *
     * @throws IllegalArgumentException if {@code to} is before {@code from}
     */
    public long overlapMillis(Instant from, Instant to) {
        requireOrdered(from, to);
        long overlapStart = Math.max(from.toEpochMilli(), start.toEpochMilli());
        long overlapEnd = Math.min(to.toEpochMilli(), end().toEpochMilli());
        return Math.max(0, overlapEnd - overlapStart);
    }

    /** The latest bucket boundary at or before {@code instant}. */
    static Instant floor(Granularity granularity, Instant instant) {
        return containing(granularity, instant).start;
    }

    /** The earliest bucket boundary at or after {@code instant}. */
    static Instant ceil(Granularity granularity, Instant instant) {
        BucketSpan span = containing(granularity, instant);
        return span.start.equals(instant) ? instant : span.end();
    }

    private static long floorMillis(Granularity granularity, long epochMillis) {
        long width = width(granularity).toMillis();
        return Math.floorDiv(epochMillis, width) * width;
    }

    private static void requireOrdered(Instant from, Instant to) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("interval ends before it starts: [" + from + ", " + to + ")");
        }
    }
}
