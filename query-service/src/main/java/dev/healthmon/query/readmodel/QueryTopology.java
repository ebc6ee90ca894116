package dev.healthmon.query.readmodel;

import dev.healthmon.topic.Topic;
import dev.healthmon.topic.TopicCatalogue;
import java.util.Properties;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;

/** The query service's read model: the derived topics materialised into named, queryable stores. */
public final class QueryTopology {

    /** Current status of every target, by target id. */
    public static final String STATUS_STORE = "query-status";
    /** Current definition of every target, by target id; a tombstone removes it. */
    public static final String TARGETS_STORE = "query-targets";

    private QueryTopology() {
    }

    public static Topology build(TopicCatalogue topics) {
        StreamsBuilder builder = new StreamsBuilder();
        table(builder, topics.status(), STATUS_STORE);
        table(builder, topics.targets(), TARGETS_STORE);
        // The source topics are compacted and keyed like the stores, so they serve as the stores' changelogs: no
        // copy of them in changelog topics of our own.
        Properties optimisation = new Properties();
        optimisation.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.REUSE_KTABLE_SOURCE_TOPICS);
        return builder.build(optimisation);
    }

    private static <V> void table(StreamsBuilder builder, Topic<String, V> topic, String store) {
        builder.table(topic.name(),
                Consumed.with(topic.keySerde(), topic.valueSerde()).withName(store + "-source"),
                Materialized.<String, V, KeyValueStore<Bytes, byte[]>>as(store)
                        .withKeySerde(topic.keySerde()).withValueSerde(topic.valueSerde()));
    }
}
