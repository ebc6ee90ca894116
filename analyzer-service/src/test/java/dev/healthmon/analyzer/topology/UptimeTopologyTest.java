package dev.healthmon.analyzer.topology;

import static dev.healthmon.analyzer.topology.AnalyzerDriver.T0;
import static dev.healthmon.analyzer.topology.AnalyzerDriver.http;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.CheckType;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.Granularity;
import dev.healthmon.schemas.Outcome;
import dev.healthmon.schemas.TargetState;
import dev.healthmon.schemas.UptimeBucket;
import dev.healthmon.uptime.BucketSpan;
import dev.healthmon.uptime.LatencySketch;
import dev.healthmon.uptime.UptimeBuckets;
import dev.healthmon.uptime.UptimeKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The uptime buckets of the analyzer topology: boundaries, grace, granularities, latency accuracy, bad input. */
class UptimeTopologyTest {

    private static final Instant TEN = T0;
    private static final Instant ELEVEN = T0.plus(Duration.ofHours(1));

    @TempDir
    Path stateDir;
    private AnalyzerDriver analyzer;

    @BeforeEach
    void start() {
        analyzer = new AnalyzerDriver(stateDir);
        // Thresholds no result reaches keep "api" UNKNOWN, so its buckets change with its results only.
        analyzer.define(http("api").setFailureThreshold(1_000).setSuccessThreshold(1_000).build(), 0);
    }

    @AfterEach
    void stop() {
        analyzer.close();
    }

    private static CheckResult result(String targetId, Instant startedAt, Outcome outcome, FailureKind kind,
            Long latencyMicros) {
        return CheckResult.newBuilder().setTargetId(targetId).setCheckType(CheckType.HTTP).setOutcome(outcome)
                .setFailureKind(kind).setLatencyMicros(latencyMicros).setRegion("eu").setProberId("eu-1")
                .setStartedAt(startedAt).build();
    }

    private static CheckResult up(Instant startedAt) {
        return result("api", startedAt, Outcome.UP, null, 2_000L);
    }

    private static String key(Granularity granularity, Instant start) {
        return new UptimeKey("api", new BucketSpan(granularity, start)).toString();
    }

    private UptimeBucket bucket(Granularity granularity, Instant start) {
        return analyzer.buckets().get(key(granularity, start));
    }

    @Test
    void aBucketHoldsItsStartAndNotItsEnd() {
        analyzer.result(up(TEN.plusMillis(59_999))).result(up(TEN.plusSeconds(60)))
                .result(up(ELEVEN.minusMillis(1))).result(up(ELEVEN)).wallClockAt(ELEVEN.plusSeconds(60));

        assertThat(bucket(Granularity.MINUTE, TEN).getChecks()).isEqualTo(1);
        assertThat(bucket(Granularity.MINUTE, TEN.plusSeconds(60)).getChecks()).isEqualTo(1);
        assertThat(bucket(Granularity.MINUTE, ELEVEN.minusSeconds(60)).getChecks()).isEqualTo(1);
        assertThat(bucket(Granularity.MINUTE, ELEVEN).getChecks()).isEqualTo(1);
        assertThat(bucket(Granularity.HOUR, TEN).getChecks()).isEqualTo(3);
        assertThat(bucket(Granularity.HOUR, ELEVEN).getChecks()).isEqualTo(1);
        // The silences in between also make time-in-state buckets (UNKNOWN, then NO_DATA): only six have checks.
        assertThat(analyzer.buckets().values()).filteredOn(bucket -> bucket.getChecks() > 0).hasSize(6);
    }

    @Test
    void theUpdatedMinuteIsSentWithTheNextTickAndItsHourOnceTheMinuteHasEndedKeyedByUptimeKeyAtTheBucketStart() {
        analyzer.result(up(TEN.plusSeconds(5))).result(up(TEN.plusMillis(5_500)));
        assertThat(analyzer.newUptimeRecords()).as("held back until the next tick").isEmpty();

        List<TestRecord<String, UptimeBucket>> records = analyzer.tick().newUptimeRecords();
        assertThat(records).extracting(TestRecord::key).containsExactly(key(Granularity.MINUTE, TEN));
        assertThat(records).extracting(TestRecord::getRecordTime).containsOnly(TEN);
        assertThat(records).extracting(r -> r.value().getChecks()).containsExactly(2L);
        assertThat(analyzer.tick().newUptimeRecords()).as("nothing changed since").isEmpty();

        // At the minute's end its time in state is cut, and the minute goes into its hour.
        records = analyzer.wallClockAt(TEN.plusSeconds(60)).newUptimeRecords();
        assertThat(records).extracting(TestRecord::key).containsExactly(key(Granularity.MINUTE, TEN),
                key(Granularity.HOUR, TEN));
        assertThat(records).extracting(TestRecord::getRecordTime).containsOnly(TEN);
        assertThat(records).extracting(r -> r.value().getChecks()).containsExactly(2L, 2L);
        assertThat(records.get(1).value().getTimeInStateMs()).isEqualTo(Map.of("UNKNOWN", 60_000L));
    }

    @Test
    void resultsAreCountedByOutcomeAndFailureKind() {
        analyzer.result(up(TEN.plusSeconds(1)))
                .result(result("api", TEN.plusSeconds(2), Outcome.DOWN, FailureKind.TIMEOUT, 5_000_000L))
                .result(result("api", TEN.plusSeconds(3), Outcome.DOWN, FailureKind.TIMEOUT, 5_000_000L))
                .result(result("api", TEN.plusSeconds(4), Outcome.DOWN, null, null)).wallClockAt(TEN.plusSeconds(60));

        for (Granularity granularity : Granularity.values()) {
            UptimeBucket bucket = bucket(granularity, TEN);
            assertThat(bucket.getChecks()).isEqualTo(4);
            assertThat(bucket.getUp()).isEqualTo(1);
            assertThat(bucket.getDown()).isEqualTo(3);
            assertThat(bucket.getFailuresByKind()).containsExactlyInAnyOrderEntriesOf(Map.of("TIMEOUT", 2L, "OTHER",
                    1L));
            assertThat(bucket.getLatencyCount()).isEqualTo(3);
            assertThat(bucket.getLatencySumMicros()).isEqualTo(10_002_000L);
        }
    }

    @Test
    void aLateResultWithinTheGraceIsCountedInItsBucket() {
        analyzer.result(up(TEN.plusSeconds(30))).result(up(TEN.plus(Duration.ofMinutes(10)).plusSeconds(59)))
                .result(up(TEN.plusSeconds(45))).wallClockAt(TEN.plus(Duration.ofMinutes(11)));

        assertThat(bucket(Granularity.MINUTE, TEN).getChecks()).isEqualTo(2);
        assertThat(bucket(Granularity.HOUR, TEN).getChecks()).isEqualTo(3);
        assertThat(analyzer.counter("healthmon.analyzer.uptime.late.results", "granularity", "MINUTE")).isZero();
    }

    @Test
    void aResultLaterThanTheGraceIsLeftOutOfTheClosedBucketOnly() {
        // The 10:00 minute ends at 10:01 and closes at 10:11 (10 min grace); the 10:00 hour closes at 11:10.
        analyzer.result(up(TEN.plusSeconds(30))).result(up(TEN.plus(Duration.ofMinutes(11))))
                .result(up(TEN.plusSeconds(45))).wallClockAt(TEN.plus(Duration.ofMinutes(12)));

        assertThat(bucket(Granularity.MINUTE, TEN).getChecks()).isEqualTo(1);
        assertThat(bucket(Granularity.HOUR, TEN).getChecks()).isEqualTo(3);
        assertThat(analyzer.counter("healthmon.analyzer.uptime.late.results", "granularity", "MINUTE")).isEqualTo(1);

        analyzer.result(up(ELEVEN.plus(Duration.ofMinutes(10)))).tick().newUptimeRecords();
        analyzer.result(up(TEN.plus(Duration.ofMinutes(59))));
        assertThat(analyzer.tick().newUptimeRecords()).isEmpty();
        assertThat(bucket(Granularity.HOUR, TEN).getChecks()).isEqualTo(3);
        assertThat(analyzer.counter("healthmon.analyzer.uptime.late.results", "granularity", "HOUR")).isEqualTo(1);
        // The analysis itself still saw every result.
        assertThat(analyzer.counter("healthmon.analyzer.results", "outcome", "processed")).isEqualTo(5);
    }

    @Test
    void theGracePeriodIsConfigurable(@TempDir Path otherStateDir) {
        try (AnalyzerDriver strict = new AnalyzerDriver(otherStateDir,
                new UptimeWindows(Duration.ZERO, Duration.ofHours(1), Duration.ofHours(2)))) {
            strict.define(http("api").build(), 0);
            strict.result(up(TEN.plusSeconds(59))).result(up(TEN.plusSeconds(60))).result(up(TEN.plusSeconds(58)))
                    .wallClockAt(TEN.plusSeconds(120));
            assertThat(strict.buckets().get(key(Granularity.MINUTE, TEN)).getChecks()).isEqualTo(1);
            assertThat(strict.buckets().get(key(Granularity.HOUR, TEN)).getChecks()).isEqualTo(3);
        }
    }

    @Test
    void percentilesAreWithinTheSketchAccuracyOfTheExactValuesInBothGranularities() {
        Random random = new Random(42);
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            // Log-normal around 20 ms, the shape of real response times, with a long tail.
            long latency = Math.max(1, Math.round(Math.exp(Math.log(20_000) + random.nextGaussian())));
            latencies.add(latency);
            analyzer.result(result("api", TEN.plusMillis(i * 6_000L), Outcome.UP, null, latency));
        }
        analyzer.wallClockAt(ELEVEN);

        LatencySketch hour = UptimeBuckets.sketch(bucket(Granularity.HOUR, TEN));
        LatencySketch minutes = IntStream.range(0, 60)
                .mapToObj(m -> UptimeBuckets.sketch(bucket(Granularity.MINUTE, TEN.plus(Duration.ofMinutes(m)))))
                .reduce(LatencySketch.empty(), LatencySketch::merge);
        List<Long> sorted = latencies.stream().sorted().toList();
        for (double q : new double[] {0.5, 0.95, 0.99}) {
            long exact = sorted.get((int) Math.floor(q * (sorted.size() - 1)));
            double tolerance = exact * LatencySketch.RELATIVE_ACCURACY;
            assertThat(hour.quantile(q)).as("hour p%s", q).isCloseTo((double) exact, within(tolerance));
            assertThat(minutes.quantile(q)).as("merged minutes p%s", q).isCloseTo((double) exact, within(tolerance));
        }
        assertThat(hour.count()).isEqualTo(600);
        assertThat(bucket(Granularity.HOUR, TEN).getLatencySumMicros())
                .isEqualTo(latencies.stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void timeInEachStateIsAddedToTheBucketsWhenTheStateChangesAndAtEachMinuteEnd() {
        analyzer.define(http("web").setFailureThreshold(1).setSuccessThreshold(1).build(), 0)
                .up("web", "eu", 10).down("web", "eu", 40);
        assertThat(timeInState(Granularity.MINUTE, TEN)).as("the open DOWN waits for the minute's end")
                .containsExactlyInAnyOrderEntriesOf(Map.of("UNKNOWN", 10_000L, "UP", 30_000L));

        analyzer.at(61);
        assertThat(timeInState(Granularity.MINUTE, TEN)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "UNKNOWN", 10_000L, "UP", 30_000L, "DOWN", 20_000L));
        assertThat(timeInState(Granularity.HOUR, TEN)).isEqualTo(timeInState(Granularity.MINUTE, TEN));

        analyzer.up("web", "eu", 90).at(121);
        assertThat(timeInState(Granularity.MINUTE, TEN.plusSeconds(60))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "DOWN", 30_000L, "UP", 30_000L));
        assertThat(timeInState(Granularity.HOUR, TEN)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "UNKNOWN", 10_000L, "UP", 60_000L, "DOWN", 50_000L));
    }

    @Test
    void aStateChangeReadAfterACutOfItsInstantTakesTheTimeSinceThenFromTheOldState() {
        analyzer.define(http("web").setSuccessThreshold(1).build(), 0).wallClockAt(TEN.plusSeconds(90))
                .result(result("web", TEN.plusSeconds(30), Outcome.UP, null, 1_000L))
                .wallClockAt(TEN.plusSeconds(120));

        // The cut at 60 s gave UNKNOWN the minute; the result of 30 s, read later, moves its last 30 s to UP.
        assertThat(timeInState(Granularity.MINUTE, TEN)).isEqualTo(Map.of("UNKNOWN", 30_000L, "UP", 30_000L));
        // UP until the region goes stale 65 s after the result (2 × 30 s interval + 5 s timeout).
        assertThat(timeInState(Granularity.MINUTE, TEN.plusSeconds(60)))
                .isEqualTo(Map.of("UP", 35_000L, "NO_DATA", 25_000L));
        assertThat(timeInState(Granularity.HOUR, TEN))
                .isEqualTo(Map.of("UNKNOWN", 30_000L, "UP", 65_000L, "NO_DATA", 25_000L));
    }

    @Test
    void whileTheAnalysisIsBehindTheMinuteCutWaitsForWhatTheBacklogShows() {
        analyzer.define(http("web").setFailureThreshold(1).setSuccessThreshold(1).build(), 0).up("web", "eu", 10);
        // Two minute ends pass while the analysis is behind a backlog that holds an outage from 40 s to 90 s.
        analyzer.behind().wallClockAt(T0.plusSeconds(130));
        assertThat(timeInState(Granularity.MINUTE, TEN)).as("no time cut past what was read")
                .containsExactlyInAnyOrderEntriesOf(Map.of("UNKNOWN", 10_000L));
        analyzer.result(AnalyzerDriver.checkResult("web", "eu", Outcome.DOWN, FailureKind.CONNECTION_REFUSED, null,
                TEN.plusSeconds(40))).result(AnalyzerDriver.checkResult("web", "eu", Outcome.UP, null, null,
                TEN.plusSeconds(90)));
        analyzer.caughtUp().wallClockAt(T0.plusSeconds(131));
        assertThat(timeInState(Granularity.MINUTE, TEN)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "UNKNOWN", 10_000L, "UP", 30_000L, "DOWN", 20_000L));
        assertThat(timeInState(Granularity.MINUTE, TEN.plusSeconds(60))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "DOWN", 30_000L, "UP", 30_000L));
    }

    @Test
    void atAMinuteEndTargetsCatchUpSpreadOverTicksOrAtOnceWithTheirNextResult() {
        List<String> ids = IntStream.range(0, 250).mapToObj(i -> String.format("t%03d", i)).toList();
        ids.forEach(id -> analyzer.define(http(id).setFailureThreshold(1_000).build(), 0));
        ids.forEach(id -> analyzer.result(result(id, TEN.plusSeconds(30), Outcome.UP, null, 1_000L)));
        analyzer.wallClockAt(TEN.plusSeconds(59)).newUptimeRecords();

        // The minute ends: a share of the targets catches up at the tick, one with a result at once.
        analyzer.wallClockAt(TEN.plusSeconds(60));
        analyzer.result(result("t249", TEN.plusSeconds(60), Outcome.UP, null, 1_000L));
        Set<String> hours = new java.util.HashSet<>();
        List<Integer> perTick = new ArrayList<>();
        for (int tick = 0; tick < 10 && hours.size() < ids.size(); tick++) {
            List<String> sent = analyzer.tick().newUptimeRecords().stream().map(TestRecord::key)
                    .filter(key -> key.startsWith("t") && key.contains("/HOUR/")).toList();
            hours.addAll(sent);
            perTick.add(sent.size());
        }
        assertThat(perTick.get(0)).as("hours sent by tick: %s", perTick).isBetween(2, ids.size() - 1);
        assertThat(hours).hasSize(ids.size()).contains(new UptimeKey("t249", new BucketSpan(Granularity.HOUR, TEN))
                .toString());
        Map<String, UptimeBucket> buckets = analyzer.buckets();
        assertThat(ids).allSatisfy(id -> {
            UptimeBucket hour = buckets.get(new UptimeKey(id, new BucketSpan(Granularity.HOUR, TEN)).toString());
            assertThat(hour.getChecks()).isEqualTo(1);
            assertThat(hour.getTimeInStateMs()).isEqualTo(Map.of("UNKNOWN", 30_000L, "UP", 30_000L));
        });
    }

    @Test
    void aTargetDeletedAndDefinedAgainWithinAMinuteIsCountedOnceInItsHour() {
        analyzer.define(http("web").build(), 0).result(result("web", TEN.plusSeconds(5), Outcome.UP, null, 1_000L))
                .delete("web", 10).define(http("web").build(), 20)
                .result(result("web", TEN.plusSeconds(25), Outcome.UP, null, 1_000L)).wallClockAt(TEN.plusSeconds(62));

        Map<String, UptimeBucket> buckets = analyzer.buckets();
        assertThat(buckets.get(new UptimeKey("web", new BucketSpan(Granularity.MINUTE, TEN)).toString()).getChecks())
                .isEqualTo(2);
        assertThat(buckets.get(new UptimeKey("web", new BucketSpan(Granularity.HOUR, TEN)).toString()).getChecks())
                .isEqualTo(2);
    }

    @Test
    void timeInStateCutBeforeTheChangeThatEndedItWasJudgedIsMovedToTheNewState() {
        // Stale 65 s after its last result (2 × 30 s interval + 5 s timeout), so NO_DATA from 75 s.
        analyzer.define(http("web").setSuccessThreshold(1).build(), 0).up("web", "eu", 10);
        analyzer.behind().wallClockAt(TEN.plusSeconds(100));
        analyzer.caughtUp();
        // The input is read through each second from 100 s on, so the minute to 120 s is cut at once; the silence is
        // judged only once the analysis has been caught up for 65 s, at 165 s.
        for (int second = 101; second <= 170; second++) {
            analyzer.wallClockAt(TEN.plusSeconds(second));
        }
        assertThat(analyzer.status("web").getState()).isEqualTo(TargetState.NO_DATA);
        assertThat(timeInState(Granularity.MINUTE, TEN)).isEqualTo(Map.of("UNKNOWN", 10_000L, "UP", 50_000L));
        assertThat(timeInState(Granularity.MINUTE, TEN.plusSeconds(60)))
                .isEqualTo(Map.of("UP", 15_000L, "NO_DATA", 45_000L));
        assertThat(timeInState(Granularity.HOUR, TEN))
                .isEqualTo(Map.of("UNKNOWN", 10_000L, "UP", 65_000L, "NO_DATA", 45_000L));
    }

    @Test
    void aDeletedTargetStopsAccumulatingTimeInState() {
        analyzer.define(http("web").setSuccessThreshold(1).build(), 0).up("web", "eu", 5).delete("web", 30)
                .at(200);
        assertThat(timeInState(Granularity.MINUTE, TEN)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "UNKNOWN", 5_000L, "UP", 25_000L));
        assertThat(analyzer.buckets()).doesNotContainKey(
                new UptimeKey("web", new BucketSpan(Granularity.MINUTE, TEN.plusSeconds(60))).toString());
    }

    @Test
    void aReplayWithoutTicksAddsTheSameTimeInState(@TempDir Path replayDir) {
        try (AnalyzerDriver replay = new AnalyzerDriver(replayDir, false)) {
            for (AnalyzerDriver driver : List.of(analyzer, replay)) {
                driver.define(http("web").setFailureThreshold(1).setSuccessThreshold(1).build(), 0)
                        .up("web", "eu", 10).down("web", "eu", 100).up("web", "eu", 130);
            }
            String hour = new UptimeKey("web", new BucketSpan(Granularity.HOUR, TEN)).toString();
            // Silent from 10 s to 100 s: stale, so NO_DATA, at 10 + 2 × 30 + 5 = 75 s. DOWN from 100 s: the hour
            // has its 20 s up to 120 s, the end of the last minute that ended; 120–130 s is in the 10:02 minute.
            assertThat(replay.buckets().get(hour).getTimeInStateMs()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "UNKNOWN", 10_000L, "UP", 65_000L, "NO_DATA", 25_000L, "DOWN", 20_000L));
            assertThat(analyzer.buckets().get(hour).getTimeInStateMs())
                    .isEqualTo(replay.buckets().get(hour).getTimeInStateMs());
        }
    }

    private Map<String, Long> timeInState(Granularity granularity, Instant start) {
        UptimeBucket bucket = analyzer.buckets().get(
                new UptimeKey("web", new BucketSpan(granularity, start)).toString());
        return bucket == null ? Map.of() : bucket.getTimeInStateMs();
    }

    @Test
    void resultsForUnknownTargetsMakeNoBuckets() {
        analyzer.result(result("ghost", TEN.plusSeconds(1), Outcome.UP, null, 1_000L));
        assertThat(analyzer.buckets()).isEmpty();
    }

    @Test
    void aResultTheBucketsRefuseGoesToTheDeadLetterTopicAndCountingGoesOn() {
        analyzer.result(result("api", TEN.plusSeconds(1), Outcome.UP, null, -5L));

        List<TestRecord<byte[], byte[]>> dead = analyzer.dlq.readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(new String(dead.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("api");
        assertThat(analyzer.topics.checkResults().valueSerde().deserializer()
                .deserialize(analyzer.topics.checkResults().name(), dead.get(0).value()).getLatencyMicros())
                .isEqualTo(-5L);
        assertThat(header(dead.get(0), DeadLetters.ERROR_CLASS_HEADER))
                .isEqualTo(IllegalArgumentException.class.getName());
        assertThat(header(dead.get(0), DeadLetters.SOURCE_TOPIC_HEADER))
                .isEqualTo(analyzer.topics.checkResults().name());
        assertThat(analyzer.buckets()).isEmpty();
        assertThat(analyzer.counter("healthmon.analyzer.dead.letters", "topic",
                analyzer.topics.checkResults().name())).isEqualTo(1);

        analyzer.result(up(TEN.plusSeconds(2))).wallClockAt(TEN.plusSeconds(60));
        assertThat(bucket(Granularity.MINUTE, TEN).getChecks()).isEqualTo(1);
        assertThat(bucket(Granularity.HOUR, TEN).getChecks()).isEqualTo(1);
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Test
    void bucketsArePartitionedAsTheDefaultPartitionerPartitionsTheirTargetId() {
        UptimePartitioner partitioner = new UptimePartitioner();
        for (String targetId : List.of("api", "checkout-api", "db.primary", "a", "x_9", "queue-worker-17")) {
            for (int partitions : new int[] {1, 6, 7, 64}) {
                int expected = BuiltInPartitioner.partitionForKey(targetId.getBytes(StandardCharsets.UTF_8),
                        partitions);
                for (Granularity granularity : Granularity.values()) {
                    String key = new UptimeKey(targetId, BucketSpan.containing(granularity, TEN)).toString();
                    assertThat(partitioner.partitions("uptime", key, null, partitions)).contains(Set.of(expected));
                }
            }
        }
    }

    @Test
    void retentionsShorterThanABucketPlusTheGraceAreRefused() {
        assertThatThrownBy(() -> new UptimeWindows(Duration.ofMinutes(10), Duration.ofMinutes(10),
                Duration.ofDays(1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MINUTE");
        assertThatThrownBy(() -> new UptimeWindows(Duration.ofMinutes(10), Duration.ofHours(1),
                Duration.ofMinutes(65))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HOUR");
        assertThat(new UptimeWindows(Duration.ofMinutes(10), Duration.ofMinutes(11), Duration.ofMinutes(70))
                .retention(Granularity.HOUR)).isEqualTo(Duration.ofMinutes(70));
    }
}
