package dev.healthmon.analyzer.topology;

import static dev.healthmon.analyzer.topology.AnalyzerDriver.T0;
import static dev.healthmon.analyzer.topology.AnalyzerDriver.heartbeat;
import static dev.healthmon.analyzer.topology.AnalyzerDriver.http;
import static dev.healthmon.schemas.HealthEventType.CIRCUIT_CLOSED;
import static dev.healthmon.schemas.HealthEventType.CIRCUIT_HALF_OPENED;
import static dev.healthmon.schemas.HealthEventType.CIRCUIT_OPENED;
import static dev.healthmon.schemas.HealthEventType.CIRCUIT_REOPENED;
import static dev.healthmon.schemas.HealthEventType.DATA_RESUMED;
import static dev.healthmon.schemas.HealthEventType.NO_DATA;
import static dev.healthmon.schemas.HealthEventType.TARGET_DEGRADED;
import static dev.healthmon.schemas.HealthEventType.TARGET_DOWN;
import static dev.healthmon.schemas.HealthEventType.TARGET_UP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.healthmon.schemas.CircuitState;
import dev.healthmon.schemas.CloseReason;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.HealthEvent;
import dev.healthmon.schemas.Outcome;
import dev.healthmon.schemas.Quorum;
import dev.healthmon.schemas.RegionState;
import dev.healthmon.schemas.TargetState;
import dev.healthmon.schemas.TargetStatus;
import dev.healthmon.serde.MalformedRecordException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AnalyzerTopologyTest {

    @TempDir
    Path stateDir;
    private AnalyzerDriver analyzer;

    @BeforeEach
    void start() {
        analyzer = new AnalyzerDriver(stateDir);
    }

    @AfterEach
    void stop() {
        analyzer.close();
    }

    @Test
    void aNewTargetIsPublishedUnknown() {
        analyzer.define(http("api").build(), 0);
        TargetStatus status = analyzer.status("api");
        assertThat(status.getState()).isEqualTo(TargetState.UNKNOWN);
        assertThat(status.getSince()).isEqualTo(T0);
        assertThat(status.getCircuit().getState()).isEqualTo(CircuitState.CLOSED);
        assertThat(status.getCircuit().getMaxTestRequests()).isEqualTo(3);
        assertThat(analyzer.events()).isEmpty();
    }

    @Test
    void thresholdsFromUnknownAndFromUpOpenAndClosePairedIncidents() {
        analyzer.define(http("api").setQuorum(Quorum.ANY).setFailureThreshold(2).setGroup("shop").setCritical(true)
                .build(), 0).down("api", "eu", 1);
        assertThat(analyzer.status("api").getState()).isEqualTo(TargetState.UNKNOWN);
        analyzer.down("api", "eu", 2);
        TargetStatus down = analyzer.status("api");
        assertThat(down.getState()).isEqualTo(TargetState.DOWN);
        assertThat(down.getGroup()).isEqualTo("shop");
        assertThat(down.getCritical()).isTrue();
        assertThat(down.getRegions()).singleElement().satisfies(region -> {
            assertThat(region.getState()).isEqualTo(RegionState.DOWN);
            assertThat(region.getConsecutiveFailures()).isEqualTo(2);
            assertThat(region.getLastFailureKind()).isEqualTo(FailureKind.CONNECTION_REFUSED);
        });
        HealthEvent opened = analyzer.last(TARGET_DOWN);
        assertThat(down.getOpenIncidentId()).isEqualTo(opened.getPeriodId()).isEqualTo(opened.getEventId());
        assertThat(opened.getFailureKind()).isEqualTo(FailureKind.CONNECTION_REFUSED);

        analyzer.up("api", "eu", 3);
        HealthEvent closed = analyzer.last(TARGET_UP);
        assertThat(closed.getPeriodId()).isEqualTo(opened.getPeriodId());
        assertThat(closed.getCloseReason()).isEqualTo(CloseReason.RECOVERED);
        assertThat(closed.getDurationMs()).isEqualTo(1_000L);
        assertThat(analyzer.status("api").getOpenIncidentId()).isNull();

        analyzer.down("api", "eu", 4);
        assertThat(analyzer.status("api").getState()).isEqualTo(TargetState.UP);
        analyzer.down("api", "eu", 5);
        assertThat(analyzer.events()).filteredOn(event -> event.getSubject().equals("api"))
                .extracting(HealthEvent::getType).containsExactly(TARGET_DOWN, TARGET_UP, TARGET_DOWN);
        assertThat(analyzer.last(TARGET_DOWN).getPeriodId()).isNotEqualTo(opened.getPeriodId());
    }

    @ParameterizedTest(name = "{0}: {1} of {2} regions DOWN -> {3}")
    @CsvSource({"ANY, 1, 1, DOWN", "ANY, 1, 3, DOWN", "MAJORITY, 1, 1, DOWN", "MAJORITY, 1, 2, DEGRADED",
        "MAJORITY, 2, 2, DOWN", "MAJORITY, 1, 3, DEGRADED", "MAJORITY, 2, 3, DOWN", "ALL, 1, 2, DEGRADED",
        "ALL, 2, 3, DEGRADED", "ALL, 3, 3, DOWN", "ALL, 0, 3, UP"})
    void quorum(Quorum quorum, int down, int regions, TargetState expected) {
        analyzer.define(http("api").setQuorum(quorum).setFailureThreshold(1).build(), 0);
        for (int i = 0; i < regions; i++) {
            analyzer.result("api", "region-" + i, i < down ? Outcome.DOWN : Outcome.UP,
                    i < down ? FailureKind.TIMEOUT : null, null, 1);
        }
        assertThat(analyzer.status("api").getState()).isEqualTo(expected);
    }

    @Test
    void aRegionGoingStaleLeavesTheVoteOnTheWallClock() {
        analyzer.define(http("api").setFailureThreshold(1).build(), 0).up("api", "ap", 1).down("api", "eu", 1)
                .down("api", "us", 1);
        assertThat(analyzer.status("api").getState()).isEqualTo(TargetState.DOWN);
        analyzer.up("api", "ap", 40).down("api", "eu", 40).at(66);
        assertThat(analyzer.status("api").getState()).isEqualTo(TargetState.DOWN);
        // us last reported at 1 s; 2 × 30 s + 5 s later it is stale and one of the two remaining is DEGRADED.
        analyzer.at(67);
        TargetStatus status = analyzer.status("api");
        assertThat(status.getState()).isEqualTo(TargetState.DEGRADED);
        assertThat(status.getRegions()).filteredOn(r -> r.getRegion().equals("us")).singleElement()
                .satisfies(r -> assertThat(r.getState()).isEqualTo(RegionState.STALE));
        assertThat(analyzer.eventTypes()).endsWith(TARGET_UP, TARGET_DEGRADED);
        assertThat(analyzer.last(TARGET_UP).getState()).isEqualTo(TargetState.DEGRADED);
        assertThat(analyzer.last(TARGET_UP).getOccurredAt()).isEqualTo(T0.plusSeconds(66));
    }

    @Test
    void noDataKeepsTheIncidentOpenUntilDataResumesAndItRecovers() {
        analyzer.define(http("api").setFailureThreshold(1).build(), 0).down("api", "eu", 1);
        String incident = analyzer.status("api").getOpenIncidentId();
        analyzer.at(67);
        assertThat(analyzer.status("api").getState()).isEqualTo(TargetState.NO_DATA);
        assertThat(analyzer.status("api").getOpenIncidentId()).isEqualTo(incident);
        assertThat(analyzer.eventTypes()).containsExactly(TARGET_DOWN, NO_DATA);

        analyzer.down("api", "eu", 100);
        assertThat(analyzer.status("api").getState()).isEqualTo(TargetState.DOWN);
        assertThat(analyzer.eventTypes()).containsExactly(TARGET_DOWN, NO_DATA, DATA_RESUMED);
        analyzer.up("api", "eu", 110);
        assertThat(analyzer.last(TARGET_UP).getPeriodId()).isEqualTo(incident);
        assertThat(analyzer.last(TARGET_UP).getDurationMs()).isEqualTo(109_000L);
    }

    @Test
    void pausingClosesTheIncidentAndResumingStartsAfresh() {
        analyzer.define(http("api").setFailureThreshold(1).build(), 0).down("api", "eu", 1)
                .define(http("api").setFailureThreshold(1).setEnabled(false).build(), 10);
        HealthEvent closed = analyzer.last(TARGET_UP);
        assertThat(closed.getCloseReason()).isEqualTo(CloseReason.PAUSED);
        assertThat(closed.getDurationMs()).isEqualTo(9_000L);
        assertThat(analyzer.status("api").getState()).isEqualTo(TargetState.PAUSED);
        assertThat(analyzer.status("api").getOpenIncidentId()).isNull();

        analyzer.down("api", "eu", 20).at(500);
        assertThat(analyzer.status("api").getState()).isEqualTo(TargetState.PAUSED);
        assertThat(analyzer.eventTypes()).containsExactly(TARGET_DOWN, TARGET_UP);

        analyzer.define(http("api").setFailureThreshold(1).build(), 510);
        assertThat(analyzer.status("api").getState()).isEqualTo(TargetState.UNKNOWN);
        assertThat(analyzer.status("api").getRegions()).isEmpty();
    }

    @Test
    void deletingATargetClosesItsIncidentAndForgetsIt() {
        analyzer.define(http("api").setFailureThreshold(1).build(), 0).down("api", "eu", 1).delete("api", 10);
        HealthEvent closed = analyzer.last(TARGET_UP);
        assertThat(closed.getCloseReason()).isEqualTo(CloseReason.DELETED);
        assertThat(closed.getState()).isNull();
        assertThat(analyzer.statuses()).containsEntry("api", null);

        analyzer.down("api", "eu", 20);
        assertThat(analyzer.newStatusRecords()).isEmpty();
        assertThat(analyzer.counter("healthmon.analyzer.results", "outcome", "unknown_target")).isEqualTo(1);
    }

    @Test
    void theCircuitBreakerGoesThroughEveryTransition() {
        analyzer.define(http("api").setFailureThreshold(1).setStaleAfterMs(600_000L).build(), 0);
        for (int second = 1; second <= 5; second++) {
            analyzer.down("api", "eu", second);
        }
        HealthEvent opened = analyzer.last(CIRCUIT_OPENED);
        assertThat(opened.getOccurredAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(analyzer.status("api").getCircuit().getState()).isEqualTo(CircuitState.OPEN);

        analyzer.at(64);
        assertThat(analyzer.status("api").getCircuit().getState()).isEqualTo(CircuitState.OPEN);
        analyzer.at(65);
        assertThat(analyzer.status("api").getCircuit().getState()).isEqualTo(CircuitState.HALF_OPEN);
        analyzer.down("api", "eu", 66);
        assertThat(analyzer.last(CIRCUIT_REOPENED).getPeriodId()).isEqualTo(opened.getEventId());
        analyzer.at(126);
        // Counting successes changes no headline: the status with the count comes with the next tick.
        analyzer.up("api", "eu", 127).up("api", "eu", 128).tick();
        assertThat(analyzer.status("api").getCircuit().getState()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(analyzer.status("api").getCircuit().getConsecutiveSuccesses()).isEqualTo(2);
        analyzer.up("api", "eu", 129);
        assertThat(analyzer.eventTypes()).containsExactly(TARGET_DOWN, CIRCUIT_OPENED, CIRCUIT_HALF_OPENED,
                CIRCUIT_REOPENED, CIRCUIT_HALF_OPENED, TARGET_UP, CIRCUIT_CLOSED);
        HealthEvent closed = analyzer.last(CIRCUIT_CLOSED);
        assertThat(closed.getPeriodId()).isEqualTo(opened.getEventId());
        assertThat(closed.getDurationMs()).isEqualTo(124_000L);
        assertThat(analyzer.status("api").getCircuit().getState()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void aMissedHeartbeatTtlIsADownResult() {
        analyzer.define(heartbeat("nightly", Duration.ofSeconds(30)).build(), 0).up("nightly", "push", 1).at(31);
        assertThat(analyzer.status("nightly").getState()).isEqualTo(TargetState.UP);
        analyzer.at(32);
        assertThat(analyzer.status("nightly").getState()).isEqualTo(TargetState.DOWN);
        HealthEvent down = analyzer.last(TARGET_DOWN);
        assertThat(down.getFailureKind()).isEqualTo(FailureKind.MISSED_HEARTBEAT);
        assertThat(down.getOccurredAt()).isEqualTo(T0.plusSeconds(31));
        analyzer.up("nightly", "push", 40);
        assertThat(analyzer.last(TARGET_UP).getPeriodId()).isEqualTo(down.getPeriodId());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 137, 143})
    void aStopExitCodePausesAndTheNextHeartbeatResumes(int code) {
        analyzer.define(heartbeat("nightly", Duration.ofSeconds(30)).build(), 0).up("nightly", "push", 1).at(40)
                .result("nightly", "push", Outcome.UP, null, code, 41);
        assertThat(analyzer.last(TARGET_UP).getCloseReason()).isEqualTo(CloseReason.PAUSED);
        assertThat(analyzer.status("nightly").getState()).isEqualTo(TargetState.PAUSED);
        analyzer.at(1_000);
        assertThat(analyzer.eventTypes()).containsExactly(TARGET_DOWN, TARGET_UP);
        analyzer.up("nightly", "push", 1_001);
        assertThat(analyzer.status("nightly").getState()).isEqualTo(TargetState.UP);
    }

    @Test
    void anyOtherExitCodeIsDownWithKindExitCode() {
        analyzer.define(heartbeat("nightly", Duration.ofSeconds(30)).build(), 0).up("nightly", "push", 1)
                .result("nightly", "push", Outcome.UP, null, 2, 5);
        assertThat(analyzer.status("nightly").getState()).isEqualTo(TargetState.DOWN);
        assertThat(analyzer.last(TARGET_DOWN).getFailureKind()).isEqualTo(FailureKind.EXIT_CODE);
    }

    @Test
    void anIncidentWhileADependencyIsDownIsSuppressed() {
        analyzer.define(http("payments-db").setFailureThreshold(1).build(), 0)
                .define(http("checkout").setFailureThreshold(1).setDependsOn(List.of("payments-db")).build(), 0)
                .down("payments-db", "eu", 1).down("checkout", "eu", 2);
        HealthEvent down = analyzer.last(TARGET_DOWN);
        assertThat(down.getSubject()).isEqualTo("checkout");
        assertThat(down.getSuppressed()).isTrue();
        assertThat(down.getRootCause()).isEqualTo("payments-db");
        assertThat(analyzer.status("checkout").getRootCause()).isEqualTo("payments-db");
    }

    @Test
    void aDependencyOwnedByAnotherInstanceIsSeenThroughTheGlobalStatusView() {
        TargetStatus remote = TargetStatus.newBuilder().setTargetId("auth").setState(TargetState.DOWN).setSince(T0)
                .setUpdatedAt(T0).setCircuit(new dev.healthmon.schemas.CircuitStatus(CircuitState.CLOSED, T0, 0, 0, 3))
                .build();
        analyzer.publishedElsewhere(remote);
        analyzer.define(http("checkout").setFailureThreshold(1).setDependsOn(List.of("auth")).build(), 0)
                .down("checkout", "eu", 2);
        assertThat(analyzer.last(TARGET_DOWN).getRootCause()).isEqualTo("auth");
        assertThat(analyzer.last(TARGET_DOWN).getSuppressed()).isTrue();
    }

    @Test
    void anIncidentWithoutADownDependencyIsNotSuppressed() {
        analyzer.define(http("payments-db").build(), 0)
                .define(http("checkout").setFailureThreshold(1).setDependsOn(List.of("payments-db")).build(), 0)
                .down("checkout", "eu", 2);
        assertThat(analyzer.last(TARGET_DOWN).getSuppressed()).isFalse();
        assertThat(analyzer.last(TARGET_DOWN).getRootCause()).isNull();
    }

    @Test
    void garbageGoesToTheDeadLetterTopicAndProcessingGoesOn() {
        analyzer.define(http("api").setFailureThreshold(1).build(), 0);
        byte[] garbage = {0x00, 0x01, 0x02, 0x03, (byte) 0xff};
        analyzer.rawResults.pipeInput("api".getBytes(StandardCharsets.UTF_8), garbage);
        analyzer.rawTargets.pipeInput("other".getBytes(StandardCharsets.UTF_8), garbage);
        analyzer.rawResults.pipeInput(null, garbage);

        List<TestRecord<byte[], byte[]>> dead = analyzer.dlq.readRecordsToList();
        assertThat(dead).hasSize(3);
        TestRecord<byte[], byte[]> first = dead.get(0);
        assertThat(first.key()).isEqualTo("api".getBytes(StandardCharsets.UTF_8));
        assertThat(first.value()).isEqualTo(garbage);
        assertThat(header(first, DeadLetters.ERROR_CLASS_HEADER))
                .isEqualTo(MalformedRecordException.class.getName());
        assertThat(header(first, DeadLetters.ERROR_MESSAGE_HEADER)).contains("CheckResult");
        assertThat(header(first, DeadLetters.SOURCE_TOPIC_HEADER))
                .isEqualTo(analyzer.topics.checkResults().name());
        assertThat(header(first, DeadLetters.SOURCE_PARTITION_HEADER)).isEqualTo("0");
        assertThat(header(first, DeadLetters.SOURCE_OFFSET_HEADER)).isEqualTo("0");
        assertThat(header(dead.get(1), DeadLetters.SOURCE_TOPIC_HEADER))
                .isEqualTo(analyzer.topics.targets().name());
        assertThat(header(dead.get(2), DeadLetters.ERROR_MESSAGE_HEADER)).contains("no key");
        assertThat(analyzer.counter("healthmon.analyzer.dead.letters", "topic",
                analyzer.topics.checkResults().name())).isEqualTo(2);

        analyzer.down("api", "eu", 1);
        assertThat(analyzer.status("api").getState()).isEqualTo(TargetState.DOWN);
    }

    @Test
    void aResultDatedFurtherAheadThanClocksDriftGoesToTheDeadLetterTopic() {
        analyzer.define(http("api").setFailureThreshold(1).build(), 0);
        // Microseconds taken for milliseconds: a start time centuries ahead.
        byte[] farAhead = analyzer.topics.checkResults().valueSerde().serializer().serialize(
                analyzer.topics.checkResults().name(), AnalyzerDriver.checkResult("api", "eu", Outcome.DOWN,
                        FailureKind.TIMEOUT, null, Instant.ofEpochMilli(T0.toEpochMilli() * 1_000)));
        byte[] slightlyAhead = analyzer.topics.checkResults().valueSerde().serializer().serialize(
                analyzer.topics.checkResults().name(), AnalyzerDriver.checkResult("api", "eu", Outcome.DOWN,
                        FailureKind.TIMEOUT, null, T0.plus(AnalyzerTopology.FUTURE_TOLERANCE)));
        analyzer.rawResults.pipeInput("api".getBytes(StandardCharsets.UTF_8), farAhead);
        analyzer.rawResults.pipeInput("api".getBytes(StandardCharsets.UTF_8), slightlyAhead);

        assertThat(analyzer.dlq.readRecordsToList()).singleElement().satisfies(dead -> {
            assertThat(dead.value()).isEqualTo(farAhead);
            assertThat(header(dead, DeadLetters.ERROR_MESSAGE_HEADER)).contains("after this analyzer's clock");
        });
        assertThat(analyzer.status("api").getState()).as("a drift within the tolerance is a result like any other")
                .isEqualTo(TargetState.DOWN);
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Test
    void resultsForUnknownTargetsAreCountedAndDropped() {
        analyzer.up("ghost", "eu", 1);
        assertThat(analyzer.statuses()).isEmpty();
        assertThat(analyzer.events()).isEmpty();
        assertThat(analyzer.counter("healthmon.analyzer.results", "outcome", "unknown_target")).isEqualTo(1);
        assertThat(analyzer.counter("healthmon.analyzer.results", "outcome", "processed")).isZero();
    }

    @Test
    void aStatusWhoseHeadlineDidNotChangeIsSentWithTheNextTickAndAHeadlineChangeAtOnce() {
        analyzer.define(http("api").setFailureThreshold(3).build(), 0).newStatusRecords();
        analyzer.down("api", "eu", 1);
        assertThat(analyzer.newStatusRecords()).as("the region appears").singleElement()
                .satisfies(r -> assertThat(r.value().getRegions()).singleElement()
                        .satisfies(region -> assertThat(region.getConsecutiveFailures()).isEqualTo(1)));

        analyzer.down("api", "eu", 2);
        assertThat(analyzer.newStatusRecords()).as("only a counter moved").isEmpty();
        analyzer.tick();
        assertThat(analyzer.newStatusRecords()).singleElement().satisfies(r -> {
            assertThat(r.value().getState()).isEqualTo(TargetState.UNKNOWN);
            assertThat(r.value().getRegions()).singleElement().satisfies(region -> {
                assertThat(region.getConsecutiveFailures()).isEqualTo(2);
                assertThat(region.getLastResultAt()).isEqualTo(T0.plusSeconds(2));
            });
        });
        analyzer.tick();
        assertThat(analyzer.newStatusRecords()).as("sent once").isEmpty();

        analyzer.down("api", "eu", 3);
        assertThat(analyzer.newStatusRecords()).as("the threshold is reached").singleElement()
                .satisfies(r -> assertThat(r.value().getState()).isEqualTo(TargetState.DOWN));
    }

    @Test
    void aTickThatChangesNothingSendsNothing() {
        analyzer.define(http("api").build(), 0).up("api", "eu", 1);
        assertThat(analyzer.newStatusRecords()).isNotEmpty();
        analyzer.at(30);
        assertThat(analyzer.newStatusRecords()).isEmpty();
    }

    @Test
    void metersCountResultsEventsPunctuationsAndLag() {
        analyzer.define(http("api").setFailureThreshold(1).build(), 0).down("api", "eu", 1).at(5);
        assertThat(analyzer.counter("healthmon.analyzer.results", "outcome", "processed")).isEqualTo(1);
        assertThat(analyzer.counter("healthmon.analyzer.events", "type", "TARGET_DOWN")).isEqualTo(1);
        assertThat(analyzer.registry.find("healthmon.analyzer.punctuation").timer().count()).isPositive();
        assertThat(analyzer.registry.find("healthmon.analyzer.end.to.end.lag").timer().count()).isEqualTo(1);
    }

    @Test
    void aReplayWithoutTicksProducesTheSameEventsAndIds(@TempDir Path replayDir) {
        List<HealthEvent> live = script(analyzer);
        try (AnalyzerDriver replay = new AnalyzerDriver(replayDir, false)) {
            assertThat(script(replay)).isEqualTo(live);
        }
        assertThat(live).extracting(HealthEvent::getType).containsExactly(TARGET_DOWN, NO_DATA, DATA_RESUMED,
                TARGET_UP);
    }

    private static List<HealthEvent> script(AnalyzerDriver driver) {
        driver.define(http("api").setFailureThreshold(1).build(), 0).down("api", "eu", 1).down("api", "eu", 100)
                .up("api", "eu", 110);
        return driver.events();
    }

    @Test
    void everyNodeAndStoreIsNamed() {
        TopologyDescription description = AnalyzerTopology.build(analyzer.topics,
                TestAnalyzerSettings.withPunctuation(Duration.ofSeconds(1)), new AnalyzerMetrics(new SimpleMeterRegistry()),
                partition -> Optional.empty()).describe();
        assertThat(description.toString()).doesNotContain("KSTREAM-", "KTABLE-", "-STATE-STORE-")
                .contains(AnalyzerTopology.DEFINITIONS_STORE, AnalyzerTopology.ANALYSES_STORE,
                        AnalyzerTopology.STATUS_VIEW_STORE, AnalyzerTopology.UPTIME_MINUTE_STORE,
                        AnalyzerTopology.UPTIME_HOUR_STORE, AnalyzerTopology.GROUP_MEMBERS_STORE,
                        AnalyzerTopology.GROUP_AGGREGATES_STORE, AnalyzerTopology.GROUP_PERIODS_STORE,
                        AnalyzerTopology.GROUP_BY_GROUP + "-repartition",
                        AnalyzerTopology.REROUTED_RESULTS + "-repartition", AnalyzerTopology.MISPLACED_RESULTS);
    }
}
