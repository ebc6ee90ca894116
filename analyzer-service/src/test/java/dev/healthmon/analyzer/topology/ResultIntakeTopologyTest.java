package dev.healthmon.analyzer.topology;

import static dev.healthmon.analyzer.topology.AnalyzerDriver.http;
import static org.assertj.core.api.Assertions.assertThat;

import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.CheckType;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.Outcome;
import dev.healthmon.schemas.TargetState;
import dev.healthmon.serde.EvolvedWriters;
import dev.healthmon.serde.Fingerprints;
import dev.healthmon.serde.InMemoryWriterSchemas;
import dev.healthmon.serde.MalformedRecordException;
import dev.healthmon.topic.TargetPartitions;
import dev.healthmon.topic.TopicCatalogue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How results come in: each in its key's partition is analysed where it is, one found elsewhere is re-routed
 * through the repartition topic and analysed all the same; records of writer schemas shared by other writers are
 * read by schema resolution, and those that cannot be read go to the dead-letter topic saying why.
 *
 * <p>The driver puts every input record in partition 0 of a six-partition catalogue, so a target id whose partition
 * is not 0 arrives misplaced.
 */
class ResultIntakeTopologyTest {

    private static final int PARTITIONS = 6;

    @TempDir
    Path stateDir;
    private final InMemoryWriterSchemas sharedSchemas = new InMemoryWriterSchemas();
    private AnalyzerDriver analyzer;

    @BeforeEach
    void start() {
        analyzer = new AnalyzerDriver(stateDir, new TopicCatalogue(TopicCatalogue.DEFAULT_PREFIX, PARTITIONS,
                (short) 1, sharedSchemas));
    }

    @AfterEach
    void stop() {
        analyzer.close();
    }

    @Test
    void aResultFoundInAnotherPartitionThanItsTargetsIsReroutedAndAnalysedLikeAnyOther() {
        String misplaced = targetIn(3);
        String placed = targetIn(0);
        analyzer.define(http(misplaced).setFailureThreshold(2).build(), 0).define(http(placed).build(), 0);

        analyzer.down(misplaced, "eu", 1).down(misplaced, "eu", 2).down(placed, "eu", 3);

        assertThat(analyzer.status(misplaced).getState()).isEqualTo(TargetState.DOWN);
        assertThat(analyzer.status(misplaced).getRegions().get(0).getConsecutiveFailures()).isEqualTo(2);
        assertThat(analyzer.counter("healthmon.analyzer.results.rerouted")).isEqualTo(2);
        assertThat(analyzer.counter("healthmon.analyzer.results", "outcome", "processed")).isEqualTo(3);
        assertThat(analyzer.buckets()).isNotEmpty();
        assertThat(analyzer.dlq.readRecordsToList()).isEmpty();
    }

    @Test
    void aMisplacedResultForATargetNobodyDefinedIsCountedAsUnknownOnceRerouted() {
        String unknown = targetIn(5);

        analyzer.down(unknown, "eu", 1);

        assertThat(analyzer.counter("healthmon.analyzer.results.rerouted")).isEqualTo(1);
        assertThat(analyzer.counter("healthmon.analyzer.results", "outcome", "unknown_target")).isEqualTo(1);
        assertThat(analyzer.status(unknown)).isNull();
    }

    @Test
    void aMisplacedRecordThatCannotBeDecodedGoesToTheDeadLetterTopicSayingWhereItWasFound() {
        String misplaced = targetIn(2);
        analyzer.rawResults.pipeInput(misplaced.getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3});

        List<TestRecord<byte[], byte[]>> dead = analyzer.dlq.readRecordsToList();
        assertThat(dead).singleElement().satisfies(record -> {
            assertThat(header(record, ResultPlacement.REROUTED_FROM_HEADER))
                    .isEqualTo(analyzer.topics.checkResults().name() + "-0@0");
            assertThat(header(record, DeadLetters.ERROR_MESSAGE_HEADER)).contains("not Avro single-object encoding");
        });
    }

    @Test
    void aNewerWritersResultWithAnExtraOptionalFieldIsAnalysedAndNothingGoesToTheDeadLetterTopic() {
        String id = targetIn(0);
        analyzer.define(http(id).setFailureThreshold(1).build(), 0).at(1);
        // The newer writer published its schema before its first record.
        sharedSchemas.publish(EvolvedWriters.compatible());

        analyzer.rawResults.pipeInput(new TestRecord<>(id.getBytes(StandardCharsets.UTF_8),
                EvolvedWriters.compatibleBytes(down(id, 1), "TLSv1.3"), AnalyzerDriver.T0.plusSeconds(1)));

        assertThat(analyzer.dlq.readRecordsToList()).isEmpty();
        assertThat(analyzer.status(id).getState()).isEqualTo(TargetState.DOWN);
        assertThat(analyzer.status(id).getRegions().get(0).getLastFailureKind()).isEqualTo(FailureKind.TIMEOUT);
    }

    @Test
    void aResultOfAWriterSchemaThatCannotBeReadGoesToTheDeadLetterTopicNamingTheFingerprintAndWhy() {
        String id = targetIn(0);
        analyzer.define(http(id).build(), 0).at(1);
        sharedSchemas.publish(EvolvedWriters.incompatible());

        analyzer.rawResults.pipeInput(id.getBytes(StandardCharsets.UTF_8),
                EvolvedWriters.incompatibleBytes(down(id, 1)));

        List<TestRecord<byte[], byte[]>> dead = analyzer.dlq.readRecordsToList();
        assertThat(dead).singleElement().satisfies(record -> {
            assertThat(header(record, DeadLetters.ERROR_CLASS_HEADER))
                    .isEqualTo(MalformedRecordException.class.getName());
            assertThat(header(record, DeadLetters.ERROR_MESSAGE_HEADER))
                    .contains("written with schema " + Fingerprints.hex(Fingerprints.of(EvolvedWriters.incompatible())))
                    .contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("region");
        });
        assertThat(analyzer.counter("healthmon.analyzer.results", "outcome", "processed")).isZero();
    }

    private static CheckResult down(String id, long second) {
        return CheckResult.newBuilder().setTargetId(id).setCheckType(CheckType.HTTP).setOutcome(Outcome.DOWN)
                .setFailureKind(FailureKind.TIMEOUT).setLatencyMicros(5_000_000L).setRegion("eu")
                .setProberId("newer-prober").setStartedAt(AnalyzerDriver.T0.plusSeconds(second)).build();
    }

    /** A target id whose results belong in {@code partition}. */
    private static String targetIn(int partition) {
        return IntStream.iterate(0, i -> i + 1).mapToObj(i -> "target-" + i)
                .filter(id -> TargetPartitions.of(id, PARTITIONS) == partition).findFirst().orElseThrow();
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
