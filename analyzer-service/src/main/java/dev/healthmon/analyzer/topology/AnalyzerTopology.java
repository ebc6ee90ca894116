package dev.healthmon.analyzer.topology;

import dev.healthmon.analyzer.store.StoredAnalysis;
import dev.healthmon.analyzer.store.StoredGroupPeriods;
import dev.healthmon.analyzer.store.StoredStateSince;
import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.Granularity;
import dev.healthmon.schemas.GroupStatus;
import dev.healthmon.schemas.TargetDefinition;
import dev.healthmon.schemas.TargetStatus;
import dev.healthmon.schemas.UptimeBucket;
import dev.healthmon.serde.AvroSerde;
import dev.healthmon.serde.MalformedRecordException;
import dev.healthmon.topic.Topic;
import dev.healthmon.topic.TopicCatalogue;
import dev.healthmon.uptime.BucketSpan;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The analyzer's Kafka Streams topology, built from the catalogue and the settings alone so that tests drive it
 * directly. Every node and store is named here; the changelog topics are {@code <application.id>-<store>-changelog}.
 * The picture of the topology is in the module's README, which {@code AnalyzerTopologyPictureTest} holds to every
 * node, store and topic of {@link #build}.
 */
public final class AnalyzerTopology {

    public static final String TARGETS_SOURCE = "targets-source";
    public static final String CHECK_RESULTS_SOURCE = "check-results-source";
    public static final String TARGETS_DECODER = "targets-decoder";
    public static final String CHECK_RESULTS_DECODER = "check-results-decoder";
    public static final String RESULT_PLACEMENT = "check-results-placement";
    public static final String MISPLACED_RESULTS = "misplaced-results";
    /** The repartition that re-routes misplaced results; its topic is {@code <application.id>-<this>-repartition}. */
    public static final String REROUTED_RESULTS = "check-results-rerouted";
    public static final String REROUTED_RESULTS_DECODER = "rerouted-results-decoder";
    public static final String ANALYSIS = "target-analysis";
    public static final String STATUS_SINK = "status-sink";
    public static final String EVENTS_SINK = "events-sink";
    public static final String DLQ_SINK = "dlq-sink";
    public static final String UPTIME_BUCKETS = "uptime-buckets";
    public static final String UPTIME_SINK = "uptime-sink";
    /** Where the results the uptime buckets refuse go: {@code dlq}, keyed and encoded as they were read. */
    public static final String UPTIME_DLQ_SINK = "uptime-dlq-sink";
    public static final String GROUP_MEMBERS_SINK = "group-members-sink";
    public static final String GROUP_MEMBERS_SOURCE = "group-members-source";
    public static final String GROUP_BY_GROUP = "group-members-by-group";
    public static final String GROUP_AGGREGATION = "group-aggregation";
    public static final String GROUP_CHANGES = "group-changes";
    public static final String GROUP_HEALTH = "group-health";
    public static final String GROUPS_SINK = "groups-sink";
    public static final String GROUP_EVENTS_SINK = "group-events-sink";
    public static final String STATUS_VIEW_SOURCE = "status-view-source";
    public static final String STATUS_VIEW_UPDATER = "status-view-updater";

    /** Each target's definition by id, as last read from {@code targets}. */
    public static final String DEFINITIONS_STORE = "target-definitions";

    /** Each target's analysis (regions, incident, circuit, ...) by id. */
    public static final String ANALYSES_STORE = "target-analyses";
    /** Every target's last published status, from all partitions. */
    public static final String STATUS_VIEW_STORE = "status-view";
    /** The group membership table: each target's status while it names a group. */
    public static final String GROUP_MEMBERS_STORE = "group-members";
    /** Each group's members and state, the aggregate of the membership table by group. */
    public static final String GROUP_AGGREGATES_STORE = "group-aggregates";
    /** Each group's open period and event sequence. */
    public static final String GROUP_PERIODS_STORE = "group-periods";
    /**
     * Each target's current state, the instant up to which its time in it is in the buckets, and the instant up to
     * which its minutes are in their hours.
     */
    public static final String UPTIME_STATES_STORE = "uptime-target-states";
    /** Each target's 1-minute buckets, a window store keyed by target id. */
    public static final String UPTIME_MINUTE_STORE = "uptime-minute-buckets";
    /** Each target's 1-hour buckets, a window store keyed by target id, made of its minutes. */
    public static final String UPTIME_HOUR_STORE = "uptime-hour-buckets";

    /**
     * How far after this analyzer's clock a result may say it started: clocks drift by seconds, not by minutes; a
     * result dated later says nothing true about time and goes to the dead-letter topic.
     */
    public static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

    private AnalyzerTopology() {
    }

    /**
     * How the analysis runs.
     *
     * @param lateResultWindow the longest a live prober's result may take to be written once the broker answers:
     *        after a catch-up, silence is judged by the wall clock once the analysis has been caught up for a target's
     *        {@code staleAfter}, or for this long if that is shorter
     */
    public record Settings(Duration punctuationInterval, UptimeWindows uptimeWindows, Duration lateResultWindow) {

        public Settings {
            if (punctuationInterval.isNegative() || punctuationInterval.isZero()) {
                throw new IllegalArgumentException("The punctuation interval must be positive");
            }
            Objects.requireNonNull(uptimeWindows, "uptimeWindows");
            if (lateResultWindow.isNegative()) {
                throw new IllegalArgumentException("The late-result window must not be negative");
            }
        }
    }

    /** The name of the window store of a granularity's buckets. */
    public static String uptimeStore(Granularity granularity) {
        return switch (granularity) {
            case MINUTE -> UPTIME_MINUTE_STORE;
            case HOUR -> UPTIME_HOUR_STORE;
        };
    }

    /** The topics the analysis reads; whether it has read them to their end decides how time is judged. */
    public static Set<String> analysisInputs(TopicCatalogue topics, String applicationId) {
        return Set.of(topics.targets().name(), topics.checkResults().name(),
                applicationId + "-" + REROUTED_RESULTS + "-repartition");
    }

    /**
     * The topology, part by part. The parts are added in this order, always: Kafka Streams numbers its sub-topologies
     * (and so its tasks and their state directories) in the order their nodes were added.
     */
    public static Topology build(TopicCatalogue topics, Settings settings, AnalyzerMetrics metrics,
            InputCatchUp catchUp) {
        AvroSerde<TargetDefinition> definitionSerde = topics.avroSerde(TargetDefinition.class);
        AvroSerde<CheckResult> resultSerde = topics.avroSerde(CheckResult.class);
        RecordDecoder definitions = definitionDecoder(definitionSerde);
        RecordDecoder results = resultDecoder(resultSerde);

        StreamsBuilder builder = new StreamsBuilder();
        addGroupHealth(builder, topics, metrics);
        addResultPlacement(builder, topics.checkResults(), results, metrics);
        // The group part and the re-routing are DSL (a table aggregation, a repartition topic); the rest is added to
        // the same topology with the Processor API.
        Topology topology = builder.build();
        addDecoders(topology, topics, definitions, results, metrics);
        addAnalysis(topology, topics, settings, metrics, catchUp, definitionSerde);
        addUptimeBuckets(topology, topics, settings, metrics, catchUp);
        addSinks(topology, topics, resultSerde);
        addStatusView(topology, topics);
        return topology;
    }

    private static RecordDecoder definitionDecoder(AvroSerde<TargetDefinition> definitionSerde) {
        return (topic, value, now) -> new AnalyzerInput.DefinitionChange(
                value == null ? null : definitionSerde.deserialize(topic, value));
    }

    /** A result is refused when it is a tombstone or dated more than {@link #FUTURE_TOLERANCE} ahead. */
    private static RecordDecoder resultDecoder(AvroSerde<CheckResult> resultSerde) {
        return (topic, value, now) -> {
            if (value == null) {
                throw new MalformedRecordException(topic, "CheckResult", "a tombstone, which results never are", null);
            }
            CheckResult result = resultSerde.deserialize(topic, value);
            if (result.getStartedAt().isAfter(now.plus(FUTURE_TOLERANCE))) {
                throw new MalformedRecordException(topic, "CheckResult", "started at " + result.getStartedAt()
                        + ", more than " + FUTURE_TOLERANCE + " after this analyzer's clock (" + now
                        + "): the prober's clock, or the unit of its times, is wrong", null);
            }
            return new AnalyzerInput.ResultArrival(result);
        };
    }

    /** Definitions and placed results decoded; what cannot be decoded goes to {@code dlq}. */
    private static void addDecoders(Topology topology, TopicCatalogue topics, RecordDecoder definitions,
            RecordDecoder results, AnalyzerMetrics metrics) {
        topology.addSource(TARGETS_SOURCE, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
                topics.targets().name());
        topology.addProcessor(TARGETS_DECODER, () -> new DecodingProcessor(definitions, ANALYSIS, DLQ_SINK, metrics),
                TARGETS_SOURCE);
        topology.addProcessor(CHECK_RESULTS_DECODER,
                () -> new DecodingProcessor(results, ANALYSIS, DLQ_SINK, metrics), RESULT_PLACEMENT);
    }

    /** Each target's analysis, with its definitions and analyses stores. */
    private static void addAnalysis(Topology topology, TopicCatalogue topics, Settings settings,
            AnalyzerMetrics metrics, InputCatchUp catchUp, AvroSerde<TargetDefinition> definitionSerde) {
        AvroSerde<TargetStatus> statusSerde = topics.avroSerde(TargetStatus.class);
        topology.addProcessor(ANALYSIS, () -> new TargetAnalysisProcessor(settings.punctuationInterval(),
                settings.lateResultWindow(), topics.status().name(), statusSerde, metrics, catchUp), TARGETS_DECODER,
                CHECK_RESULTS_DECODER, REROUTED_RESULTS_DECODER);
        // Cached: the latest value per key within a commit interval goes to the changelog, not every one.
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DEFINITIONS_STORE),
                Serdes.String(), definitionSerde).withCachingEnabled(), ANALYSIS);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ANALYSES_STORE),
                Serdes.String(), AvroSerde.of(StoredAnalysis.class)).withCachingEnabled(), ANALYSIS);
    }

    /** The uptime buckets of the analysed results and state changes, with their stores. */
    private static void addUptimeBuckets(Topology topology, TopicCatalogue topics, Settings settings,
            AnalyzerMetrics metrics, InputCatchUp catchUp) {
        topology.addProcessor(UPTIME_BUCKETS, () -> new UptimeBucketProcessor(settings.punctuationInterval(),
                settings.lateResultWindow(), settings.uptimeWindows(), metrics, catchUp), ANALYSIS);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(UPTIME_STATES_STORE),
                Serdes.String(), AvroSerde.of(StoredStateSince.class)).withCachingEnabled(), UPTIME_BUCKETS);
        for (Granularity granularity : Granularity.values()) {
            // Cached: a bucket updated by many results within a commit interval costs one changelog write.
            topology.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(uptimeStore(granularity),
                    settings.uptimeWindows().retention(granularity), BucketSpan.width(granularity), false),
                    Serdes.String(), topics.avroSerde(UptimeBucket.class)).withCachingEnabled(), UPTIME_BUCKETS);
        }
    }

    /** The Processor API part's outputs. */
    private static void addSinks(Topology topology, TopicCatalogue topics, AvroSerde<CheckResult> resultSerde) {
        var status = topics.status();
        var events = topics.events();
        var dlq = topics.dlq();
        var uptime = topics.uptime();
        topology.addSink(UPTIME_SINK, uptime.name(), uptime.keySerde().serializer(),
                uptime.valueSerde().serializer(), new UptimePartitioner(), UPTIME_BUCKETS);
        // The analysis forwards differently typed values to each sink, each of the type its serializer takes.
        topology.addSink(STATUS_SINK, status.name(), status.keySerde().serializer(),
                status.valueSerde().serializer(), ANALYSIS);
        topology.addSink(EVENTS_SINK, events.name(), events.keySerde().serializer(),
                events.valueSerde().serializer(), ANALYSIS);
        // The decoders set aside the bytes they read; the uptime buckets a decoded result, encoded again here.
        topology.addSink(DLQ_SINK, dlq.name(), dlq.keySerde().serializer(), dlq.valueSerde().serializer(),
                TARGETS_DECODER, CHECK_RESULTS_DECODER, REROUTED_RESULTS_DECODER);
        topology.addSink(UPTIME_DLQ_SINK, dlq.name(), Serdes.String().serializer(), resultSerde, UPTIME_BUCKETS);
        topology.addSink(GROUP_MEMBERS_SINK, topics.groupMembers().name(), status.keySerde().serializer(),
                status.valueSerde().serializer(), ANALYSIS);
        // The group health forwards to each sink the type its serializer takes; they join its sub-topology.
        var groups = topics.groups();
        topology.addSink(GROUPS_SINK, groups.name(), groups.keySerde().serializer(), groups.valueSerde().serializer(),
                GROUP_HEALTH);
        topology.addSink(GROUP_EVENTS_SINK, events.name(), events.keySerde().serializer(),
                events.valueSerde().serializer(), GROUP_HEALTH);
    }

    /** Every target's last status, from all partitions, for dependency suppression. */
    private static void addStatusView(Topology topology, TopicCatalogue topics) {
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATUS_VIEW_STORE),
                        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(), STATUS_VIEW_SOURCE,
                Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), topics.status().name(),
                STATUS_VIEW_UPDATER, () -> new StatusViewUpdater(STATUS_VIEW_STORE));
    }

    /**
     * The results' way in: each record found in its key's partition goes on to {@link #CHECK_RESULTS_DECODER} (added
     * by the caller); one found in another partition is counted and written to the internal repartition topic
     * {@code <application.id>-check-results-rerouted-repartition}, whose default partitioner puts it in its key's
     * partition, and read back from there into the analysis of the task that owns its target, through a decoder of
     * its own. Only misplaced records take that way, so a producer that partitions as Java clients do costs nothing.
     */
    private static void addResultPlacement(StreamsBuilder builder, Topic<String, CheckResult> checkResults,
            RecordDecoder results, AnalyzerMetrics metrics) {
        builder.stream(checkResults.name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName(CHECK_RESULTS_SOURCE))
                .process(() -> new ResultPlacement(checkResults.partitions(), CHECK_RESULTS_DECODER,
                        MISPLACED_RESULTS), Named.as(RESULT_PLACEMENT))
                .peek((targetId, value) -> metrics.resultRerouted(), Named.as(MISPLACED_RESULTS))
                .repartition(Repartitioned.<byte[], byte[]>as(REROUTED_RESULTS)
                        .withKeySerde(Serdes.ByteArray()).withValueSerde(Serdes.ByteArray())
                        .withNumberOfPartitions(checkResults.partitions()))
                .process(() -> new DecodingProcessor(results, ANALYSIS, DLQ_SINK, metrics),
                        Named.as(REROUTED_RESULTS_DECODER));
    }

    /**
     * Groups: the membership table aggregated by group with an adder and a subtractor, so a target that moves to
     * another group or is deleted leaves its old group; each new aggregate goes to {@code groups} and its periods to
     * {@code events}.
     */
    private static void addGroupHealth(StreamsBuilder builder, TopicCatalogue topics, AnalyzerMetrics metrics) {
        AvroSerde<TargetStatus> statusSerde = topics.avroSerde(TargetStatus.class);
        AvroSerde<GroupStatus> groupSerde = topics.avroSerde(GroupStatus.class);
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(GROUP_PERIODS_STORE),
                Serdes.String(), AvroSerde.of(StoredGroupPeriods.class)));
        builder
                .table(topics.groupMembers().name(),
                        Consumed.with(Serdes.String(), statusSerde).withName(GROUP_MEMBERS_SOURCE),
                        Materialized.<String, TargetStatus, KeyValueStore<Bytes, byte[]>>as(GROUP_MEMBERS_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(statusSerde))
                .groupBy((targetId, status) -> KeyValue.pair(status.getGroup(), status),
                        Grouped.with(GROUP_BY_GROUP, Serdes.String(), statusSerde))
                .aggregate(GroupTranslation::initial,
                        (group, status, aggregate) -> GroupTranslation.status(
                                GroupTranslation.health(group, aggregate).with(GroupTranslation.member(status)),
                                latest(aggregate, status)),
                        (group, status, aggregate) -> GroupTranslation.status(
                                GroupTranslation.health(group, aggregate).without(status.getTargetId()),
                                latest(aggregate, status)),
                        Named.as(GROUP_AGGREGATION),
                        // Uncached: every member change is judged, so a replay pairs the same events.
                        Materialized.<String, GroupStatus, KeyValueStore<Bytes, byte[]>>as(GROUP_AGGREGATES_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(groupSerde).withCachingDisabled())
                .toStream(Named.as(GROUP_CHANGES))
                .process(() -> new GroupHealthProcessor(metrics), Named.as(GROUP_HEALTH), GROUP_PERIODS_STORE);
    }

    private static Instant latest(GroupStatus aggregate, TargetStatus member) {
        return aggregate.getUpdatedAt().isAfter(member.getUpdatedAt()) ? aggregate.getUpdatedAt()
                : member.getUpdatedAt();
    }
}
