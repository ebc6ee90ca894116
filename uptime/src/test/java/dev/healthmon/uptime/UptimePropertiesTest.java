package dev.healthmon.uptime;

import static dev.healthmon.uptime.CheckResults.TARGET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.Granularity;
import dev.healthmon.schemas.Outcome;
import dev.healthmon.schemas.TargetState;
import dev.healthmon.schemas.UptimeBucket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * Merging buckets answers exactly what computing over the raw results answers: counts and time
 * exactly, quantiles within the sketch's relative accuracy of the exact lower-rank quantile.
 */
class UptimePropertiesTest {

    // Results and state intervals fall in [BASE, BASE + DATA_MS); report ranges start up to an hour earlier.
    private static final Instant BASE = Instant.parse("2026-11-21T08:00:00Z");
    private static final long DATA_MS = 4 * 3_600_000L;
    private static final long HOUR_MS = 3_600_000L;

    @Property(tries = 200)
    void aReportMergedFromBucketsEqualsOneComputedFromTheRawResults(
            @ForAll("results") List<CheckResult> results,
            @ForAll @LongRange(min = 0, max = DATA_MS) long fromOffset,
            @ForAll @LongRange(min = 1, max = DATA_MS) long length,
            @ForAll @LongRange(min = 0, max = DATA_MS) long minuteRetentionOffset) {
        Instant from = BASE.minusMillis(HOUR_MS).plusMillis(fromOffset);
        BucketPlan plan = BucketPlan.forRange(from, from.plusMillis(length), BASE.plusMillis(minuteRetentionOffset));
        List<UptimeBucket> stored = throughAvro(bucketsOf(results, List.of()));

        HealthReport report = HealthReport.of(plan, stored);

        List<CheckResult> inRange = results.stream()
                .filter(result -> !result.getStartedAt().isBefore(plan.from()) && result.getStartedAt().isBefore(plan.to()))
                .toList();
        assertThat(report.checks()).isEqualTo(inRange.size());
        assertThat(report.up()).isEqualTo(inRange.stream().filter(r -> r.getOutcome() == Outcome.UP).count());
        assertThat(report.down()).isEqualTo(inRange.stream().filter(r -> r.getOutcome() == Outcome.DOWN).count());
        assertThat(report.failuresByKind()).isEqualTo(failuresByKind(inRange));
        long[] latencies = inRange.stream()
                .filter(result -> result.getLatencyMicros() != null)
                .mapToLong(CheckResult::getLatencyMicros)
                .sorted()
                .toArray();
        if (latencies.length == 0) {
            assertThat(report.latency()).isEmpty();
            return;
        }
        LatencySummary latency = report.latency().orElseThrow();
        assertThat(latency.count()).isEqualTo(latencies.length);
        assertThat(latency.meanMicros()).isEqualTo((double) sum(latencies) / latencies.length);
        assertThat(latency.minMicros()).isEqualTo(latencies[0]);
        assertThat(latency.maxMicros()).isEqualTo(latencies[latencies.length - 1]);
        assertWithinAccuracy(latency.p50Micros(), latencies, 0.50);
        assertWithinAccuracy(latency.p95Micros(), latencies, 0.95);
        assertWithinAccuracy(latency.p99Micros(), latencies, 0.99);
    }

    @Property(tries = 300)
    void timeInStateOfAReportEqualsTheOverlapOfTheStateIntervalsWithItsRange(
            @ForAll("stateIntervals") List<StateInterval> intervals,
            @ForAll @LongRange(min = 0, max = DATA_MS) long fromOffset,
            @ForAll @LongRange(min = 1, max = DATA_MS) long length,
            @ForAll @LongRange(min = 0, max = DATA_MS) long minuteRetentionOffset) {
        Instant from = BASE.minusMillis(HOUR_MS).plusMillis(fromOffset);
        BucketPlan plan = BucketPlan.forRange(from, from.plusMillis(length), BASE.plusMillis(minuteRetentionOffset));

        HealthReport report = HealthReport.of(plan, bucketsOf(List.of(), intervals));

        Map<TargetState, Long> expected = new EnumMap<>(TargetState.class);
        for (StateInterval interval : intervals) {
            long overlap = Math.min(interval.to().toEpochMilli(), plan.to().toEpochMilli())
                    - Math.max(interval.from().toEpochMilli(), plan.from().toEpochMilli());
            if (overlap > 0) {
                expected.merge(interval.state(), overlap, Long::sum);
            }
        }
        assertThat(report.timeInStateMs()).isEqualTo(expected);
    }

    @Property(tries = 300)
    void timeInStateIsSplitOverBucketsWithoutLossOrOverlap(
            @ForAll TargetState state,
            @ForAll @LongRange(min = 0, max = DATA_MS) long startOffset,
            @ForAll @LongRange(min = 0, max = 3 * HOUR_MS) long length,
            @ForAll Granularity granularity) {
        StateInterval interval = new StateInterval(state, BASE.plusMillis(startOffset), BASE.plusMillis(startOffset + length));

        List<BucketSpan> spans = interval.spans(granularity);

        assertThat(spans.stream().mapToLong(interval::overlapMillis).sum()).isEqualTo(length);
        assertThat(spans).allMatch(span -> interval.overlapMillis(span) > 0);
    }

    @Property(tries = 200)
    void theOrderInWhichResultsArriveDoesNotChangeABucket(
            @ForAll("results") List<CheckResult> results, @ForAll long seed) {
        List<CheckResult> shuffled = new ArrayList<>(results);
        Collections.shuffle(shuffled, new Random(seed));

        assertThat(bucketsOf(shuffled, List.of())).containsExactlyInAnyOrderElementsOf(bucketsOf(results, List.of()));
    }

    @Property(tries = 300)
    void summingTotalsIsAssociativeAndCommutativeWithEmptyAsIdentity(
            @ForAll("totals") UptimeTotals a, @ForAll("totals") UptimeTotals b, @ForAll("totals") UptimeTotals c) {
        assertThat(a.plus(b).plus(c)).isEqualTo(a.plus(b.plus(c)));
        assertThat(a.plus(b)).isEqualTo(b.plus(a));
        assertThat(a.plus(UptimeTotals.EMPTY)).isEqualTo(a);
    }

    @Property(tries = 300)
    void mergingSketchesIsAssociativeAndCommutativeAndEqualsSketchingEverything(
            @ForAll("latencyLists") List<Long> a, @ForAll("latencyLists") List<Long> b,
            @ForAll("latencyLists") List<Long> c) {
        LatencySketch sa = sketchOf(a);
        LatencySketch sb = sketchOf(b);
        LatencySketch sc = sketchOf(c);
        List<Long> all = new ArrayList<>(a);
        all.addAll(b);
        all.addAll(c);

        assertThat(sa.merge(sb).merge(sc)).isEqualTo(sa.merge(sb.merge(sc))).isEqualTo(sketchOf(all));
        assertThat(sa.merge(sb)).isEqualTo(sb.merge(sa));
    }

    @Property(tries = 300)
    void quantilesAreWithinTheRelativeAccuracyOfTheExactLowerRankQuantile(
            @ForAll("latencyLists") @Size(min = 1, max = 2_000) List<Long> latencies,
            @ForAll @DoubleRange(min = 0, max = 1) double q,
            @ForAll @IntRange(min = 1, max = 8) int parts) {
        // Sketched in parts and merged, as buckets are.
        LatencySketch sketch = LatencySketch.empty();
        int partSize = (latencies.size() + parts - 1) / parts;
        for (int start = 0; start < latencies.size(); start += partSize) {
            sketch = sketch.merge(sketchOf(latencies.subList(start, Math.min(latencies.size(), start + partSize))));
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();

        assertWithinAccuracy(sketch.quantile(q), sorted, q);
        assertThat(sketch.count()).isEqualTo(sorted.length);
        assertThat(sketch.mean()).isEqualTo((double) sum(sorted) / sorted.length);
    }

    @Property(tries = 300)
    void aSketchSurvivesSerialization(@ForAll("latencyLists") List<Long> latencies) {
        LatencySketch sketch = sketchOf(latencies);

        LatencySketch decoded = LatencySketch.fromBytes(sketch.toBytes());

        assertThat(decoded).isEqualTo(sketch);
        assertThat(decoded.toBytes()).isEqualTo(sketch.toBytes());
        if (!sketch.isEmpty()) {
            for (double q : new double[] {0, 0.5, 0.95, 0.99, 1}) {
                assertThat(decoded.quantile(q)).isEqualTo(sketch.quantile(q));
            }
        }
    }

    @Provide
    Arbitrary<List<CheckResult>> results() {
        Arbitrary<Instant> startedAt = Arbitraries.longs().between(0, DATA_MS - 1).map(BASE::plusMillis);
        Arbitrary<Outcome> outcome = Arbitraries.of(Outcome.class);
        Arbitrary<FailureKind> kind = Arbitraries.of(FailureKind.class).injectNull(0.1);
        Arbitrary<Long> latency = latencies().injectNull(0.15);
        return Combinators.combine(startedAt, outcome, kind, latency)
                .as((at, o, k, l) -> CheckResults.result(at, o, o == Outcome.DOWN ? k : null, l))
                .list().ofMaxSize(300);
    }

    @Provide
    Arbitrary<List<StateInterval>> stateIntervals() {
        // Contiguous runs of states, as a target moves from one state to the next.
        Arbitrary<Tuple2<TargetState, Long>> run = Combinators.combine(
                        Arbitraries.of(TargetState.class),
                        Arbitraries.frequencyOf(
                                Tuple.of(3, Arbitraries.longs().between(0, 90_000)),
                                Tuple.of(2, Arbitraries.longs().between(0, 2 * HOUR_MS))))
                .as(Tuple::of);
        return Combinators.combine(Arbitraries.longs().between(0, HOUR_MS), run.list().ofMaxSize(12))
                .as((startOffset, runs) -> {
                    List<StateInterval> intervals = new ArrayList<>();
                    Instant cursor = BASE.plusMillis(startOffset);
                    for (Tuple2<TargetState, Long> r : runs) {
                        Instant next = cursor.plusMillis(r.get2());
                        intervals.add(new StateInterval(r.get1(), cursor, next));
                        cursor = next;
                    }
                    return intervals;
                });
    }

    @Provide
    Arbitrary<UptimeTotals> totals() {
        return Combinators.combine(results(), stateIntervals()).as((results, intervals) -> {
            UptimeTotals totals = UptimeTotals.EMPTY;
            for (UptimeBucket bucket : bucketsOf(results, intervals)) {
                if (bucket.getGranularity() == Granularity.HOUR) {
                    totals = totals.plus(UptimeTotals.of(bucket));
                }
            }
            return totals;
        });
    }

    @Provide
    Arbitrary<List<Long>> latencyLists() {
        return latencies().list().ofMaxSize(500);
    }

    /** Check latencies in microseconds: mostly milliseconds to seconds, some instant or pathological. */
    private static Arbitrary<Long> latencies() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.longs().between(0, 100)),
                Tuple.of(6, Arbitraries.longs().between(100, 2_000_000)),
                Tuple.of(2, Arbitraries.longs().between(2_000_000, 120_000_000)),
                Tuple.of(1, Arbitraries.longs().between(0, 1L << 40)));
    }

    /** Minute and hour buckets of the results and state intervals, as the analyzer builds them. */
    private static List<UptimeBucket> bucketsOf(List<CheckResult> results, List<StateInterval> intervals) {
        Map<BucketSpan, UptimeBucket> buckets = new LinkedHashMap<>();
        for (Granularity granularity : Granularity.values()) {
            for (CheckResult result : results) {
                BucketSpan span = BucketSpan.containing(granularity, result.getStartedAt());
                buckets.put(span, UptimeBuckets.withResult(bucketAt(buckets, span), result));
            }
            for (StateInterval interval : intervals) {
                for (BucketSpan span : interval.spans(granularity)) {
                    buckets.put(span, UptimeBuckets.withTimeInState(bucketAt(buckets, span), interval));
                }
            }
        }
        return new ArrayList<>(buckets.values());
    }

    private static UptimeBucket bucketAt(Map<BucketSpan, UptimeBucket> buckets, BucketSpan span) {
        return buckets.getOrDefault(span, UptimeBuckets.empty(TARGET, span));
    }

    /** The buckets as the query service reads them back from the uptime topic. */
    private static List<UptimeBucket> throughAvro(List<UptimeBucket> buckets) {
        return buckets.stream().map(bucket -> {
            try {
                return UptimeBucket.fromByteBuffer(bucket.toByteBuffer());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    private static Map<FailureKind, Long> failuresByKind(List<CheckResult> results) {
        Map<FailureKind, Long> counts = new EnumMap<>(FailureKind.class);
        results.stream()
                .filter(result -> result.getOutcome() == Outcome.DOWN)
                .forEach(result -> counts.merge(
                        result.getFailureKind() == null ? FailureKind.OTHER : result.getFailureKind(), 1L, Long::sum));
        return counts;
    }

    private static LatencySketch sketchOf(List<Long> latencies) {
        LatencySketch sketch = LatencySketch.empty();
        for (long latency : latencies) {
            sketch = sketch.with(latency);
        }
        return sketch;
    }

    private static long sum(long[] values) {
        long sum = 0;
        for (long value : values) {
            sum = Math.addExact(sum, value);
        }
        return sum;
    }

    /**
     * The sketch's guarantee, against the exact quantile defined as the sketch defines it: the value
     * at 0-based rank {@code floor(q × (n − 1))} of the sorted values. The tiny slack covers floating
     * point rounding in the sketch's logarithm, not its accuracy.
     */
    private static void assertWithinAccuracy(double actual, long[] sorted, double q) {
        double exact = sorted[(int) Math.floor(q * (sorted.length - 1))];
        assertThat(Math.abs(actual - exact))
                .as("quantile %s: sketch %s, exact %s", q, actual, exact)
                .isLessThanOrEqualTo(LatencySketch.RELATIVE_ACCURACY * exact * (1 + 1e-9));
    }
}
