package dev.healthmon.uptime;

import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.TargetState;
import dev.healthmon.schemas.UptimeBucket;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Pure functions that build {@link UptimeBucket}s: each returns a new bucket and leaves its argument
 * untouched, so they can serve directly as a Kafka Streams initializer and aggregator. A new bucket shares
 * the fields it does not change with its argument instead of deep-copying them as Avro's builders do (the
 * analyzer builds a bucket per result): buckets are values, never modified once built.
 */
public final class UptimeBuckets {

    private UptimeBuckets() {
    }

    /** A bucket with nothing counted yet. */
    public static UptimeBucket empty(String targetId, BucketSpan span) {
        Objects.requireNonNull(targetId, "targetId");
        return UptimeBucket.newBuilder()
                .setTargetId(targetId)
                .setGranularity(span.granularity())
                .setBucketStart(span.start())
                .setChecks(0)
                .setUp(0)
                .setDown(0)
                .setFailuresByKind(Map.of())
                .setTimeInStateMs(Map.of())
                .setLatencySumMicros(0)
                .setLatencyCount(0)
                .setLatencySketch(null)
                .build();
    }

    /** The span of the bucket. */
    public static BucketSpan span(UptimeBucket bucket) {
        return new BucketSpan(bucket.getGranularity(), bucket.getBucketStart());
    }

    /**
     * The bucket with one more check result: counted by outcome and, when {@code DOWN}, by failure
     * kind ({@code OTHER} when the result names none, so the breakdown always adds up to
     * {@code down}); its latency goes into the sum and the sketch unless it is null (pushed
     * heartbeats), in which case the result is counted but has no latency.
     *
     * <p>Results are counted whatever their order, so a result that arrives late but within the
     * window's grace is counted like any other.
     *
     * @throws IllegalArgumentException if the result is about another target, started outside the
     *     bucket, or has a negative latency
     */
    public static UptimeBucket withResult(UptimeBucket bucket, CheckResult result) {
        return DecodedBucket.of(bucket).withResult(result).bucket();
    }

    /**
     * The bucket with the part of {@code interval} that falls inside it added to the time in the
     * interval's state; the bucket unchanged when they do not overlap. The analyzer calls this for
     * each bucket of {@link StateInterval#spans}.
     */
    public static UptimeBucket withTimeInState(UptimeBucket bucket, StateInterval interval) {
        long millis = interval.overlapMillis(span(bucket));
        if (millis == 0) {
            return bucket;
        }
        return new UptimeBucket(bucket.getTargetId(), bucket.getGranularity(), bucket.getBucketStart(),
                bucket.getChecks(), bucket.getUp(), bucket.getDown(), bucket.getFailuresByKind(),
                sum(bucket.getTimeInStateMs(), Map.of(interval.state().name(), millis)), bucket.getLatencySumMicros(),
                bucket.getLatencyCount(), bucket.getLatencySketch());
    }

    /**
     * The bucket with the time {@code interval} overlaps it taken from {@code interval.state()} and given to {@code to}
     * ({@code null}: to no state, as after a deletion): a correction of time in state that was added before the change
     * that ended it was read. No more is taken than the state has in the bucket.
     */
    public static UptimeBucket withTimeInStateMoved(UptimeBucket bucket, StateInterval interval, TargetState to) {
        String from = interval.state().name();
        long taken = Math.min(interval.overlapMillis(span(bucket)), bucket.getTimeInStateMs().getOrDefault(from, 0L));
        if (taken == 0) {
            return bucket;
        }
        Map<String, Long> times = new LinkedHashMap<>(bucket.getTimeInStateMs());
        times.merge(from, -taken, Math::addExact);
        times.remove(from, 0L);
        if (to != null) {
            times.merge(to.name(), taken, Math::addExact);
        }
        return new UptimeBucket(bucket.getTargetId(), bucket.getGranularity(), bucket.getBucketStart(),
                bucket.getChecks(), bucket.getUp(), bucket.getDown(), bucket.getFailuresByKind(), times,
                bucket.getLatencySumMicros(), bucket.getLatencyCount(), bucket.getLatencySketch());
    }

    /**
     * The bucket with everything {@code part} counted added to it: checks by outcome and failure kind, time in
     * each state, latency sum, count and sketch. A coarser bucket is the sum of the finer buckets inside it, so the
     * analyzer builds each hour from its minutes instead of counting every result twice.
     *
     * @throws IllegalArgumentException if {@code part} is about another target or not inside the bucket's span
     */
    public static UptimeBucket withBucket(UptimeBucket bucket, UptimeBucket part) {
        return DecodedBucket.of(bucket).withBucket(DecodedBucket.of(part)).bucket();
    }

    /** The bucket's latency sketch; empty when it holds no latency. */
    public static LatencySketch sketch(UptimeBucket bucket) {
        ByteBuffer bytes = bucket.getLatencySketch();
        return bytes == null ? LatencySketch.empty() : LatencySketch.fromBytes(bytes);
    }

    static Map<String, Long> sum(Map<String, Long> counts, Map<String, Long> more) {
        if (more.isEmpty()) {
            return counts;
        }
        Map<String, Long> sum = new LinkedHashMap<>(counts);
        more.forEach((key, amount) -> sum.merge(key, amount, Math::addExact));
        return sum;
    }

}
