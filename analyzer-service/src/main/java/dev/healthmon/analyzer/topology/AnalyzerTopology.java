package dev.healthmon.analyzer.topology;

import dev.healthmon.analyzer.store.StoredAnalysis;
import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.TargetDefinition;
import dev.healthmon.schemas.TargetStatus;
import dev.healthmon.serde.AvroSerde;
import dev.healthmon.serde.MalformedRecordException;
import dev.healthmon.topic.TopicCatalogue;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The analyzer's Kafka Streams topology, built from the catalogue and the settings alone so that tests drive it
 * directly. Every node and store is named here; the changelog topics are {@code <application.id>-<store>-changelog}.
 *
 * <pre>
 * targets ───────► targets-decoder ───────┐                      ┌─► status-sink ─► status
 *                                         ├─► target-analysis ───┼─► events-sink ─► events
 * check-results ─► check-results-decoder ─┘   (definitions,      │
 *                   │ undecodable             analyses, wall-    │
 *                   └──────────────────────────clock punctuator) └─ dlq-sink ─► dlq
 * status ─► status-view-updater ─► status-view (global store, for dependency suppression)
 * </pre>
 */
public final class AnalyzerTopology {

    public static final String TARGETS_SOURCE = "targets-source";
    public static final String CHECK_RESULTS_SOURCE = "check-results-source";
    public static final String TARGETS_DECODER = "targets-decoder";
    public static final String CHECK_RESULTS_DECODER = "check-results-decoder";
    public static final String ANALYSIS = "target-analysis";
    public static final String STATUS_SINK = "status-sink";
    public static final String EVENTS_SINK = "events-sink";
    public static final String DLQ_SINK = "dlq-sink";
    public static final String STATUS_VIEW_SOURCE = "status-view-source";
    public static final String STATUS_VIEW_UPDATER = "status-view-updater";

    /** Each target's definition by id, as last read from {@code targets}. */
    public static final String DEFINITIONS_STORE = "target-definitions";
    /** Each target's analysis (regions, incident, circuit, ...) by id. */
    public static final String ANALYSES_STORE = "target-analyses";
    /** Every target's last published status, from all partitions. */
    public static final String STATUS_VIEW_STORE = "status-view";

    private AnalyzerTopology() {
    }

    /** How the analysis runs. */
    public record Settings(Duration punctuationInterval) {

        public static final Duration DEFAULT_PUNCTUATION_INTERVAL = Duration.ofSeconds(1);

        public Settings {
            if (punctuationInterval.isNegative() || punctuationInterval.isZero()) {
                throw new IllegalArgumentException("The punctuation interval must be positive");
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Topology build(TopicCatalogue topics, Settings settings, AnalyzerMetrics metrics) {
        var targets = topics.targets();
        var checkResults = topics.checkResults();
        var status = topics.status();
        var events = topics.events();
        var dlq = topics.dlq();
        AvroSerde<TargetDefinition> definitionSerde = AvroSerde.of(TargetDefinition.class);
        AvroSerde<CheckResult> resultSerde = AvroSerde.of(CheckResult.class);
        AvroSerde<TargetStatus> statusSerde = AvroSerde.of(TargetStatus.class);

        RecordDecoder definitions = (topic, value) -> new AnalyzerInput.DefinitionChange(
                value == null ? null : definitionSerde.deserialize(topic, value));
        RecordDecoder results = (topic, value) -> {
            if (value == null) {
                throw new MalformedRecordException(topic, "CheckResult", "a tombstone, which results never are", null);
            }
            return new AnalyzerInput.ResultArrival(resultSerde.deserialize(topic, value));
        };

        Topology topology = new Topology();
        topology.addSource(TARGETS_SOURCE, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
                targets.name());
        topology.addSource(CHECK_RESULTS_SOURCE, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
                checkResults.name());
        topology.addProcessor(TARGETS_DECODER, () -> new DecodingProcessor(definitions, ANALYSIS, DLQ_SINK, metrics),
                TARGETS_SOURCE);
        topology.addProcessor(CHECK_RESULTS_DECODER,
                () -> new DecodingProcessor(results, ANALYSIS, DLQ_SINK, metrics), CHECK_RESULTS_SOURCE);
        topology.addProcessor(ANALYSIS, () -> new TargetAnalysisProcessor(settings.punctuationInterval(),
                status.name(), statusSerde, metrics), TARGETS_DECODER, CHECK_RESULTS_DECODER);
        // Cached: the latest value per key within a commit interval goes to the changelog, not every one.
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DEFINITIONS_STORE),
                Serdes.String(), definitionSerde).withCachingEnabled(), ANALYSIS);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ANALYSES_STORE),
                Serdes.String(), AvroSerde.of(StoredAnalysis.class)).withCachingEnabled(), ANALYSIS);
        // The analysis forwards differently typed values to each sink; each sink's serializer takes its own.
        topology.addSink(STATUS_SINK, status.name(), status.keySerde().serializer(),
                (Serializer) status.valueSerde().serializer(), ANALYSIS);
        topology.addSink(EVENTS_SINK, events.name(), events.keySerde().serializer(),
                (Serializer) events.valueSerde().serializer(), ANALYSIS);
        topology.addSink(DLQ_SINK, dlq.name(), dlq.keySerde().serializer(), dlq.valueSerde().serializer(),
                TARGETS_DECODER, CHECK_RESULTS_DECODER);
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATUS_VIEW_STORE),
                        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(), STATUS_VIEW_SOURCE,
                Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), status.name(), STATUS_VIEW_UPDATER,
                () -> new StatusViewUpdater(STATUS_VIEW_STORE));
        return topology;
    }
}
