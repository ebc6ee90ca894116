package dev.healthmon.analyzer;

import dev.healthmon.schemas.TargetDefinition;
import dev.healthmon.topic.TopicCatalogue;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;

/** The analyzer's Kafka Streams topology, built from the catalogue alone so tests can drive it directly. */
public final class AnalyzerTopology {

    /** Every target definition by id, kept so that results can be judged against their target's rules. */
    public static final String TARGETS_STORE = "analyzer-targets";

    private AnalyzerTopology() {
    }

    public static Topology build(TopicCatalogue topics) {
        StreamsBuilder builder = new StreamsBuilder();
        var targets = topics.targets();
        builder.table(targets.name(), Consumed.with(targets.keySerde(), targets.valueSerde()).withName("targets-source"),
                Materialized.<String, TargetDefinition, KeyValueStore<Bytes, byte[]>>as(
                        TARGETS_STORE).withKeySerde(targets.keySerde()).withValueSerde(targets.valueSerde()));
        return builder.build();
    }
}
