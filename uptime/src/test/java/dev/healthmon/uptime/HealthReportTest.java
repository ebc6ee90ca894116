package dev.healthmon.uptime;

import static dev.healthmon.schemas.Granularity.HOUR;
import static dev.healthmon.schemas.Granularity.MINUTE;
import static dev.healthmon.uptime.CheckResults.TARGET;
import static dev.healthmon.uptime.CheckResults.down;
import static dev.healthmon.uptime.CheckResults.up;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.TargetState;
import dev.healthmon.schemas.UptimeBucket;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthReportTest {

    private static final Instant NINE = Instant.parse("2026-11-21T09:00:00Z");
    private static final Instant TEN = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void mergesHourAndMinuteBucketsIntoOneReport() {
        UptimeBucket hour = fold(new BucketSpan(HOUR, NINE), List.of(
                up(NINE, 100_000L), up(NINE.plusSeconds(60), 120_000L),
                down(NINE.plusSeconds(120), FailureKind.TIMEOUT, 10_000_000L)));
        UptimeBucket minute = fold(new BucketSpan(MINUTE, TEN), List.of(
                down(TEN, FailureKind.CONNECTION_REFUSED, 2_000L), up(TEN.plusSeconds(30), null)));
        BucketPlan plan = BucketPlan.forRange(NINE, TEN.plusSeconds(60), Instant.EPOCH);

        HealthReport report = HealthReport.of(plan, List.of(hour, minute));

        assertThat(report.from()).isEqualTo(NINE);
        assertThat(report.to()).isEqualTo(TEN.plusSeconds(60));
        assertThat(report.checks()).isEqualTo(5);
        assertThat(report.up()).isEqualTo(3);
        assertThat(report.down()).isEqualTo(2);
        assertThat(report.successRatio()).hasValue(0.6);
        assertThat(report.failuresByKind())
                .containsOnly(entry(FailureKind.TIMEOUT, 1L), entry(FailureKind.CONNECTION_REFUSED, 1L));
        LatencySummary latency = report.latency().orElseThrow();
        assertThat(latency.count()).isEqualTo(4);
        assertThat(latency.meanMicros()).isEqualTo(2_555_500.0);
        assertThat(latency.minMicros()).isEqualTo(2_000);
        assertThat(latency.maxMicros()).isEqualTo(10_000_000);
        // Lower rank of 4 values: p50 is the 2nd (100 ms), p95 and p99 the 3rd (120 ms).
        assertThat(latency.p50Micros()).isCloseTo(100_000, within(100_000 * LatencySketch.RELATIVE_ACCURACY));
        assertThat(latency.p95Micros()).isCloseTo(120_000, within(120_000 * LatencySketch.RELATIVE_ACCURACY));
        assertThat(latency.p99Micros()).isCloseTo(120_000, within(120_000 * LatencySketch.RELATIVE_ACCURACY));
    }

    @Test
    void availabilityCountsUpAndDegradedAsAvailableAndExcludesNoDataUnknownAndPaused() {
        BucketSpan hour = new BucketSpan(HOUR, NINE);
        UptimeBucket bucket = UptimeBuckets.empty(TARGET, hour);
        Instant t = NINE;
        for (var stay : List.of(
                Map.entry(TargetState.UNKNOWN, 60), Map.entry(TargetState.UP, 1_500), Map.entry(TargetState.DEGRADED, 300),
                Map.entry(TargetState.DOWN, 600), Map.entry(TargetState.NO_DATA, 540), Map.entry(TargetState.PAUSED, 600))) {
            Instant next = t.plusSeconds(stay.getValue());
            bucket = UptimeBuckets.withTimeInState(bucket, new StateInterval(stay.getKey(), t, next));
            t = next;
        }

        HealthReport report = HealthReport.of(BucketPlan.forRange(NINE, TEN, Instant.EPOCH), List.of(bucket));

        assertThat(report.availableMs()).isEqualTo(1_800_000);
        assertThat(report.unavailableMs()).isEqualTo(600_000);
        assertThat(report.availability()).hasValue(0.75);
        assertThat(report.timeInStateMs()).containsEntry(TargetState.NO_DATA, 540_000L).hasSize(6);
        assertThat(report.successRatio()).isEmpty();
        assertThat(report.latency()).isEmpty();
    }

    @Test
    void aRangeWithoutBucketsHasCountsOfZeroAndNoRatios() {
        HealthReport report = HealthReport.of(BucketPlan.forRange(NINE, TEN, Instant.EPOCH), List.of());

        assertThat(report.checks()).isZero();
        assertThat(report.successRatio()).isEmpty();
        assertThat(report.availability()).isEmpty();
        assertThat(report.failuresByKind()).isEmpty();
        assertThat(report.latency()).isEmpty();
    }

    @Test
    void bucketsOutsideThePlanAreIgnored() {
        UptimeBucket hour = fold(new BucketSpan(HOUR, NINE), List.of(up(NINE.plusSeconds(30), 1L)));
        UptimeBucket minuteInsideTheHour = fold(new BucketSpan(MINUTE, NINE), List.of(up(NINE.plusSeconds(30), 1L)));
        UptimeBucket later = fold(new BucketSpan(HOUR, TEN), List.of(up(TEN, 1L)));

        HealthReport report = HealthReport.of(BucketPlan.forRange(NINE, TEN, Instant.EPOCH),
                List.of(minuteInsideTheHour, hour, later));

        assertThat(report.checks()).isEqualTo(1);
    }

    @Test
    void unknownSymbolsFromANewerWriterAreReadAsOtherAndUnknown() {
        Map<String, Long> failures = new HashMap<>(Map.of("TIMEOUT", 1L, "QUANTUM_FLUX", 2L, "OTHER", 1L));
        UptimeBucket bucket = UptimeBucket.newBuilder(UptimeBuckets.empty(TARGET, new BucketSpan(HOUR, NINE)))
                .setChecks(4).setDown(4).setFailuresByKind(failures)
                .setTimeInStateMs(Map.of("UP", 1_000L, "MAINTENANCE", 500L))
                .build();

        HealthReport report = HealthReport.of(BucketPlan.forRange(NINE, TEN, Instant.EPOCH), List.of(bucket));

        assertThat(report.failuresByKind()).containsOnly(entry(FailureKind.TIMEOUT, 1L), entry(FailureKind.OTHER, 3L));
        assertThat(report.timeInStateMs()).containsOnly(entry(TargetState.UP, 1_000L), entry(TargetState.UNKNOWN, 500L));
        assertThat(report.availability()).hasValue(1.0);
    }

    @Test
    void theSameBucketTwiceOrBucketsOfTwoTargetsAreRejected() {
        UptimeBucket bucket = fold(new BucketSpan(HOUR, NINE), List.of(up(NINE, 1L)));
        UptimeBucket other = UptimeBuckets.empty("other", new BucketSpan(HOUR, NINE));
        BucketPlan plan = BucketPlan.forRange(NINE, TEN, Instant.EPOCH);

        assertThatThrownBy(() -> HealthReport.of(plan, List.of(bucket, bucket)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HealthReport.of(plan, List.of(bucket, other)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static UptimeBucket fold(BucketSpan span, List<CheckResult> results) {
        UptimeBucket bucket = UptimeBuckets.empty(TARGET, span);
        for (CheckResult result : results) {
            bucket = UptimeBuckets.withResult(bucket, result);
        }
        return bucket;
    }
}
