package dev.healthmon.uptime;

import static dev.healthmon.schemas.Granularity.HOUR;
import static dev.healthmon.schemas.Granularity.MINUTE;
import static dev.healthmon.uptime.CheckResults.TARGET;
import static dev.healthmon.uptime.CheckResults.down;
import static dev.healthmon.uptime.CheckResults.up;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.Granularity;
import dev.healthmon.schemas.TargetState;
import dev.healthmon.schemas.UptimeBucket;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class UptimeBucketsTest {

    private static final Instant HOUR_START = Instant.parse("2026-11-21T10:00:00Z");
    private static final BucketSpan MINUTE_SPAN = new BucketSpan(MINUTE, HOUR_START);
    private static final BucketSpan HOUR_SPAN = new BucketSpan(HOUR, HOUR_START);

    @Test
    void anEmptyBucketCountsNothing() {
        UptimeBucket bucket = UptimeBuckets.empty(TARGET, MINUTE_SPAN);

        assertThat(bucket.getTargetId()).isEqualTo(TARGET);
        assertThat(bucket.getGranularity()).isEqualTo(MINUTE);
        assertThat(bucket.getBucketStart()).isEqualTo(HOUR_START);
        assertThat(bucket.getChecks()).isZero();
        assertThat(bucket.getFailuresByKind()).isEmpty();
        assertThat(bucket.getTimeInStateMs()).isEmpty();
        assertThat(bucket.getLatencySketch()).isNull();
        assertThat(UptimeBuckets.span(bucket)).isEqualTo(MINUTE_SPAN);
    }

    @Test
    void resultsAreCountedByOutcomeAndFailureKind() {
        UptimeBucket bucket = fold(HOUR_SPAN, List.of(
                up(HOUR_START, 1_000L),
                down(HOUR_START.plusSeconds(1), FailureKind.TIMEOUT, 5_000_000L),
                down(HOUR_START.plusSeconds(2), FailureKind.TIMEOUT, 5_000_000L),
                down(HOUR_START.plusSeconds(3), FailureKind.HTTP_STATUS, 2_000L),
                down(HOUR_START.plusSeconds(4), null, 3_000L)));

        assertThat(bucket.getChecks()).isEqualTo(5);
        assertThat(bucket.getUp()).isEqualTo(1);
        assertThat(bucket.getDown()).isEqualTo(4);
        assertThat(bucket.getFailuresByKind()).containsOnly(
                entry("TIMEOUT", 2L), entry("HTTP_STATUS", 1L), entry("OTHER", 1L));
        assertThat(bucket.getLatencySumMicros()).isEqualTo(10_006_000L);
        assertThat(bucket.getLatencyCount()).isEqualTo(5);
        LatencySketch sketch = UptimeBuckets.sketch(bucket);
        assertThat(sketch.count()).isEqualTo(5);
        assertThat(sketch.min()).isEqualTo(1_000);
        assertThat(sketch.max()).isEqualTo(5_000_000);
    }

    @Test
    void aResultWithoutLatencyIsCountedButNotSketched() {
        UptimeBucket bucket = fold(MINUTE_SPAN, List.of(
                up(HOUR_START, null),
                down(HOUR_START.plusSeconds(1), FailureKind.MISSED_HEARTBEAT, null),
                up(HOUR_START.plusSeconds(2), 40L)));

        assertThat(bucket.getChecks()).isEqualTo(3);
        assertThat(bucket.getLatencyCount()).isEqualTo(1);
        assertThat(bucket.getLatencySumMicros()).isEqualTo(40);
        assertThat(UptimeBuckets.sketch(bucket).count()).isEqualTo(1);

        UptimeBucket heartbeatsOnly = fold(MINUTE_SPAN, List.of(up(HOUR_START, null)));
        assertThat(heartbeatsOnly.getLatencySketch()).isNull();
        assertThat(UptimeBuckets.sketch(heartbeatsOnly).isEmpty()).isTrue();
    }

    @Test
    void resultsAtTheFirstAndLastMillisecondOfABucketAreInsideIt() {
        UptimeBucket bucket = fold(MINUTE_SPAN, List.of(
                up(HOUR_START, 1L), up(MINUTE_SPAN.end().minusMillis(1), 1L)));
        assertThat(bucket.getChecks()).isEqualTo(2);

        UptimeBucket hour = fold(HOUR_SPAN, List.of(up(HOUR_SPAN.end().minusMillis(1), 1L)));
        assertThat(hour.getChecks()).isEqualTo(1);
    }

    @Test
    void aResultOutsideTheBucketOrOfAnotherTargetIsRejected() {
        UptimeBucket bucket = UptimeBuckets.empty(TARGET, MINUTE_SPAN);

        assertThatThrownBy(() -> UptimeBuckets.withResult(bucket, up(MINUTE_SPAN.end(), 1L)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UptimeBuckets.withResult(bucket, up(HOUR_START.minusMillis(1), 1L)))
                .isInstanceOf(IllegalArgumentException.class);
        CheckResult other = CheckResult.newBuilder(up(HOUR_START, 1L)).setTargetId("other").build();
        assertThatThrownBy(() -> UptimeBuckets.withResult(bucket, other))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UptimeBuckets.withResult(bucket, up(HOUR_START, -1L)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void addingLeavesTheGivenBucketUntouched() throws IOException {
        UptimeBucket before = UptimeBuckets.withResult(UptimeBuckets.empty(TARGET, MINUTE_SPAN), up(HOUR_START, 7L));
        UptimeBucket snapshot = UptimeBucket.fromByteBuffer(before.toByteBuffer());

        UptimeBuckets.withResult(before, down(HOUR_START, FailureKind.DNS, 9L));
        UptimeBuckets.withTimeInState(before, new StateInterval(TargetState.UP, HOUR_START, MINUTE_SPAN.end()));

        assertThat(before).isEqualTo(snapshot);
    }

    @Test
    void timeInStateIsSplitOverTheBucketsItCrosses() {
        // 10:58:30 – 11:01:15 in DOWN: 1.5 min in the 10:00 hour, 1.25 min in the 11:00 hour.
        StateInterval down = new StateInterval(TargetState.DOWN,
                Instant.parse("2026-11-21T10:58:30Z"), Instant.parse("2026-11-21T11:01:15Z"));

        Map<Instant, Long> byMinute = timeInState(down, MINUTE);
        assertThat(byMinute).containsExactly(
                entry(Instant.parse("2026-11-21T10:58:00Z"), 30_000L),
                entry(Instant.parse("2026-11-21T10:59:00Z"), 60_000L),
                entry(Instant.parse("2026-11-21T11:00:00Z"), 60_000L),
                entry(Instant.parse("2026-11-21T11:01:00Z"), 15_000L));

        Map<Instant, Long> byHour = timeInState(down, HOUR);
        assertThat(byHour).containsExactly(
                entry(Instant.parse("2026-11-21T10:00:00Z"), 90_000L),
                entry(Instant.parse("2026-11-21T11:00:00Z"), 75_000L));
    }

    @Test
    void timeInStateAddsUpPerStateAndIgnoresIntervalsOutsideTheBucket() {
        UptimeBucket bucket = UptimeBuckets.empty(TARGET, MINUTE_SPAN);
        bucket = UptimeBuckets.withTimeInState(bucket,
                new StateInterval(TargetState.UP, HOUR_START.minusSeconds(30), HOUR_START.plusSeconds(20)));
        bucket = UptimeBuckets.withTimeInState(bucket,
                new StateInterval(TargetState.DEGRADED, HOUR_START.plusSeconds(20), HOUR_START.plusSeconds(50)));
        bucket = UptimeBuckets.withTimeInState(bucket,
                new StateInterval(TargetState.UP, HOUR_START.plusSeconds(50), HOUR_START.plusSeconds(90)));
        UptimeBucket unchanged = UptimeBuckets.withTimeInState(bucket,
                new StateInterval(TargetState.DOWN, MINUTE_SPAN.end(), MINUTE_SPAN.end().plusSeconds(5)));

        assertThat(bucket.getTimeInStateMs()).containsOnly(entry("UP", 30_000L), entry("DEGRADED", 30_000L));
        assertThat(unchanged).isSameAs(bucket);
    }

    @Test
    void anHourMadeOfItsMinutesEqualsTheHourCountedResultByResult() {
        List<CheckResult> results = List.of(
                up(HOUR_START.plusSeconds(5), 1_000L),
                down(HOUR_START.plusSeconds(65), FailureKind.TIMEOUT, 5_000_000L),
                up(HOUR_START.plusSeconds(70), null),
                down(HOUR_START.plusSeconds(3_599), FailureKind.DNS, 2_000L),
                up(HOUR_START.plusSeconds(3_599), 1_234L));
        StateInterval degraded = new StateInterval(TargetState.DEGRADED, HOUR_START.plusSeconds(30),
                HOUR_START.plusSeconds(150));

        UptimeBucket counted = UptimeBuckets.withTimeInState(fold(HOUR_SPAN, results), degraded);
        UptimeBucket summed = UptimeBuckets.empty(TARGET, HOUR_SPAN);
        for (BucketSpan minute : BucketSpan.covering(MINUTE, HOUR_START, HOUR_SPAN.end())) {
            List<CheckResult> inMinute = results.stream().filter(r -> minute.contains(r.getStartedAt())).toList();
            summed = UptimeBuckets.withBucket(summed, UptimeBuckets.withTimeInState(fold(minute, inMinute), degraded));
        }

        assertThat(summed.getChecks()).isEqualTo(5);
        assertThat(UptimeBuckets.sketch(summed)).isEqualTo(UptimeBuckets.sketch(counted));
        assertThat(UptimeBucket.newBuilder(summed).setLatencySketch(null).build())
                .isEqualTo(UptimeBucket.newBuilder(counted).setLatencySketch(null).build());
    }

    @Test
    void aBucketOfAnotherTargetOrOutsideIsNotAdded() {
        UptimeBucket hour = UptimeBuckets.empty(TARGET, HOUR_SPAN);

        assertThatThrownBy(() -> UptimeBuckets.withBucket(hour, UptimeBuckets.empty("other", MINUTE_SPAN)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UptimeBuckets.withBucket(hour,
                UptimeBuckets.empty(TARGET, new BucketSpan(MINUTE, HOUR_SPAN.end()))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UptimeBuckets.withBucket(UptimeBuckets.empty(TARGET, MINUTE_SPAN), hour))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDecodedBucketKeepsTheSketchItsBucketEncodes() {
        List<CheckResult> results = List.of(up(HOUR_START, 1_000L), down(HOUR_START.plusSeconds(1), null, null),
                up(HOUR_START.plusSeconds(2), 70_000L), down(HOUR_START.plusSeconds(3), FailureKind.TLS, 3L));
        DecodedBucket decoded = DecodedBucket.of(UptimeBuckets.empty(TARGET, MINUTE_SPAN));
        for (CheckResult result : results) {
            decoded = decoded.withResult(result);
        }
        decoded = decoded.withTimeInState(new StateInterval(TargetState.UP, HOUR_START, HOUR_START.plusSeconds(9)));

        assertThat(decoded.bucket()).isEqualTo(UptimeBuckets.withTimeInState(fold(MINUTE_SPAN, results),
                new StateInterval(TargetState.UP, HOUR_START, HOUR_START.plusSeconds(9))));
        assertThat(decoded.latency()).isEqualTo(UptimeBuckets.sketch(decoded.bucket()));
        assertThat(decoded.latency().count()).isEqualTo(3);
    }

    @Test
    void aReversedStateIntervalIsRejected() {
        assertThatThrownBy(() -> new StateInterval(TargetState.UP, HOUR_START, HOUR_START.minusMillis(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static UptimeBucket fold(BucketSpan span, List<CheckResult> results) {
        UptimeBucket bucket = UptimeBuckets.empty(TARGET, span);
        for (CheckResult result : results) {
            bucket = UptimeBuckets.withResult(bucket, result);
        }
        return bucket;
    }

    private static Map<Instant, Long> timeInState(StateInterval interval, Granularity granularity) {
        return interval.spans(granularity).stream()
                .map(span -> UptimeBuckets.withTimeInState(UptimeBuckets.empty(TARGET, span), interval))
                .collect(Collectors.toMap(UptimeBucket::getBucketStart,
                        bucket -> bucket.getTimeInStateMs().get(interval.state().name()),
                        (a, b) -> a, LinkedHashMap::new));
    }
}
