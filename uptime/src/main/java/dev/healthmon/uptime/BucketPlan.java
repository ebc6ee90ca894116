package dev.healthmon.uptime;

import dev.healthmon.schemas.Granularity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which buckets answer a report over a requested range, and the range they actually cover.
 *
 * <p>The rule, in {@link #forRange}:
 * <ol>
 *   <li>The range is widened to whole minutes: {@code from} down and {@code to} up to a minute
 *       boundary, the finest resolution buckets have; so "the last 24 h" includes the current
 *       minute so far.</li>
 *   <li>Every whole hour inside it is answered by its hour bucket: a 30-day report reads about 720
 *       buckets, not 43,200.</li>
 *   <li>The ragged edges before the first and after the last whole hour are answered by minute
 *       buckets when minute buckets are still kept for them (from {@code minuteBucketsSince} on).
 *       An edge older than that is answered by the hour bucket that contains it, which widens the
 *       covered range to that hour boundary.</li>
 * </ol>
 *
 * <p>The spans are in time order, do not overlap and cover exactly {@code [from, to)}: the range
 * that the report states it covers.
 */
public record BucketPlan(Instant from, Instant to, List<BucketSpan> spans) {

    public BucketPlan {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        spans = List.copyOf(spans);
    }

    /**
     * The buckets that answer a report over {@code [from, to)}.
     *
     * @param minuteBucketsSince the oldest instant for which minute buckets are still kept (now minus
     *     their retention); minute buckets are used only for edges that start at or after it
     * @throws IllegalArgumentException if the range is empty or reversed
     */
    public static BucketPlan forRange(Instant from, Instant to, Instant minuteBucketsSince) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("empty report range: [" + from + ", " + to + ")");
        }
        Instant start = BucketSpan.floor(Granularity.MINUTE, from);
        Instant end = BucketSpan.ceil(Granularity.MINUTE, to);
        Instant firstWholeHour = BucketSpan.ceil(Granularity.HOUR, start);
        Instant lastWholeHourEnd = BucketSpan.floor(Granularity.HOUR, end);

        List<BucketSpan> spans = new ArrayList<>();
        if (!firstWholeHour.isBefore(lastWholeHourEnd)) {
            // No whole hour inside: at most two edges, split at the hour boundary between them.
            Instant split = firstWholeHour.isBefore(end) ? firstWholeHour : end;
            addEdge(spans, start, split, minuteBucketsSince);
            addEdge(spans, split, end, minuteBucketsSince);
        } else {
            addEdge(spans, start, firstWholeHour, minuteBucketsSince);
            spans.addAll(BucketSpan.covering(Granularity.HOUR, firstWholeHour, lastWholeHourEnd));
            addEdge(spans, lastWholeHourEnd, end, minuteBucketsSince);
        }
        return new BucketPlan(spans.get(0).start(), spans.get(spans.size() - 1).end(), spans);
    }

    // An edge lies within one hour, so the fallback is exactly that hour's bucket.
    private static void addEdge(List<BucketSpan> spans, Instant from, Instant to, Instant minuteBucketsSince) {
        if (!from.isBefore(to)) {
            return;
        }
        if (from.isBefore(minuteBucketsSince)) {
            spans.add(BucketSpan.containing(Granularity.HOUR, from));
        } else {
            spans.addAll(BucketSpan.covering(Granularity.MINUTE, from, to));
        }
    }
}
