package dev.healthmon.uptime;

import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.Outcome;
import dev.healthmon.schemas.TargetState;
import dev.healthmon.schemas.UptimeBucket;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;

/**
 * An uptime bucket together with its latency sketch, decoded: what a writer that updates the same bucket result
 * after result keeps between results, so that each result costs an encoding of the sketch but no decoding. Immutable,
 * like the buckets and sketches it holds.
 */
public record DecodedBucket(UptimeBucket bucket, LatencySketch latency) {

    public DecodedBucket {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(latency, "latency");
    }

    public static DecodedBucket of(UptimeBucket bucket) {
        return new DecodedBucket(bucket, UptimeBuckets.sketch(bucket));
    }

    /** What {@link UptimeBuckets#withResult} makes of the bucket, with its sketch. */
    public DecodedBucket withResult(CheckResult result) {
        if (!bucket.getTargetId().equals(result.getTargetId())) {
            throw new IllegalArgumentException("result of target " + result.getTargetId()
                    + " added to a bucket of target " + bucket.getTargetId());
        }
        BucketSpan span = UptimeBuckets.span(bucket);
        if (!span.contains(result.getStartedAt())) {
            throw new IllegalArgumentException("result started at " + result.getStartedAt() + ", outside " + span);
        }
        boolean up = result.getOutcome() == Outcome.UP;
        Map<String, Long> failuresByKind = bucket.getFailuresByKind();
        if (!up) {
            FailureKind kind = result.getFailureKind() == null ? FailureKind.OTHER : result.getFailureKind();
            failuresByKind = UptimeBuckets.sum(failuresByKind, Map.of(kind.name(), 1L));
        }
        long latencySum = bucket.getLatencySumMicros();
        long latencyCount = bucket.getLatencyCount();
        LatencySketch sketch = latency;
        ByteBuffer sketchBytes = bucket.getLatencySketch();
        Long latencyMicros = result.getLatencyMicros();
        if (latencyMicros != null) {
            latencySum = Math.addExact(latencySum, latencyMicros);
            latencyCount++;
            sketch = sketch.with(latencyMicros);
            sketchBytes = ByteBuffer.wrap(sketch.toBytes());
        }
        return new DecodedBucket(new UptimeBucket(bucket.getTargetId(), bucket.getGranularity(),
                bucket.getBucketStart(), bucket.getChecks() + 1, up ? bucket.getUp() + 1 : bucket.getUp(),
                up ? bucket.getDown() : bucket.getDown() + 1, failuresByKind, bucket.getTimeInStateMs(), latencySum,
                latencyCount, sketchBytes), sketch);
    }

    /** What {@link UptimeBuckets#withBucket} makes of the bucket, with the sketches merged decoded. */
    public DecodedBucket withBucket(DecodedBucket part) {
        UptimeBucket finer = part.bucket();
        if (!bucket.getTargetId().equals(finer.getTargetId())) {
            throw new IllegalArgumentException("bucket of target " + finer.getTargetId()
                    + " added to a bucket of target " + bucket.getTargetId());
        }
        BucketSpan span = UptimeBuckets.span(bucket);
        BucketSpan partSpan = UptimeBuckets.span(finer);
        if (!span.contains(partSpan.start()) || partSpan.end().isAfter(span.end())) {
            throw new IllegalArgumentException(partSpan + " is not inside " + span);
        }
        LatencySketch sketch = latency.merge(part.latency());
        ByteBuffer sketchBytes = finer.getLatencySketch() == null ? bucket.getLatencySketch()
                : bucket.getLatencySketch() == null ? finer.getLatencySketch() : ByteBuffer.wrap(sketch.toBytes());
        return new DecodedBucket(new UptimeBucket(bucket.getTargetId(), bucket.getGranularity(),
                bucket.getBucketStart(), Math.addExact(bucket.getChecks(), finer.getChecks()),
                Math.addExact(bucket.getUp(), finer.getUp()), Math.addExact(bucket.getDown(), finer.getDown()),
                UptimeBuckets.sum(bucket.getFailuresByKind(), finer.getFailuresByKind()),
                UptimeBuckets.sum(bucket.getTimeInStateMs(), finer.getTimeInStateMs()),
                Math.addExact(bucket.getLatencySumMicros(), finer.getLatencySumMicros()),
                Math.addExact(bucket.getLatencyCount(), finer.getLatencyCount()), sketchBytes), sketch);
    }

    /** What {@link UptimeBuckets#withTimeInState} makes of the bucket; the sketch is unchanged. */
    public DecodedBucket withTimeInState(StateInterval interval) {
        return with(UptimeBuckets.withTimeInState(bucket, interval));
    }

    /** What {@link UptimeBuckets#withTimeInStateMoved} makes of the bucket; the sketch is unchanged. */
    public DecodedBucket withTimeInStateMoved(StateInterval interval, TargetState to) {
        return with(UptimeBuckets.withTimeInStateMoved(bucket, interval, to));
    }

    // Identity on purpose: UptimeBuckets returns the very bucket it was given when nothing changes.
    @SuppressWarnings("ReferenceEquality")
    private DecodedBucket with(UptimeBucket next) {
        return next == bucket ? this : new DecodedBucket(next, latency);
    }
}
