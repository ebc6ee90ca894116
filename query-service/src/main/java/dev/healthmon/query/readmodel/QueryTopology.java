package dev.healthmon.query.readmodel;

import dev.healthmon.schemas.HealthEvent;
import dev.healthmon.topic.Topic;
import dev.healthmon.topic.TopicCatalogue;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The query service's read model: the derived topics materialised into named, queryable stores.
 *
 * <p>Every store is in one sub-topology, so Streams gives partition p of all of them to the same instance: every
 * record about a target is in the partition of its target id, and so one instance owns all of a target's state and
 * a request is routed by target id alone, whichever store it reads.
 */
public final class QueryTopology {

    /** Current status of every target, by target id. */
    public static final String STATUS_STORE = "query-status";
    /** Current definition of every target, by target id; a tombstone removes it. */
    public static final String TARGETS_STORE = "query-targets";
    /** Every target's and group's events, by {@link EventKey}: one subject's events in time order. */
    public static final String EVENTS_STORE = "query-events";
    /** Uptime buckets by {@code UptimeKey}: one target's buckets of one granularity in time order. */
    public static final String UPTIME_STORE = "query-uptime";
    /** Current status of every group, by group name. */
    public static final String GROUPS_STORE = "query-groups";

    private static final String EVENTS_SOURCE = "query-events-source";
    private static final String EVENTS_WRITER = "query-events-writer";

    private QueryTopology() {
    }

    public static Topology build(TopicCatalogue topics) {
        StreamsBuilder builder = new StreamsBuilder();
        table(builder, topics.status(), STATUS_STORE);
        table(builder, topics.targets(), TARGETS_STORE);
        table(builder, topics.uptime(), UPTIME_STORE);
        table(builder, topics.groups(), GROUPS_STORE);

        Topic<String, HealthEvent> events = topics.events();
        // Re-keyed in place rather than through a repartition topic: the events topic is already partitioned by
        // subject, and the new key only adds the time and the id, so the partition stays right and no copy is made.
        // The store logs to a changelog of its own (named after it), as its keys are not the topic's.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EVENTS_STORE),
                Serdes.String(), events.valueSerde()));
        Duration retention = Duration.ofMillis(Long.parseLong(events.configs().get(TopicConfig.RETENTION_MS_CONFIG)));
        builder.stream(events.name(), Consumed.with(events.keySerde(), events.valueSerde()).withName(EVENTS_SOURCE))
                // Connected to the tables' stores too, which it does not read: that puts every store in this one
                // sub-topology (see the class comment).
                .process(() -> new EventLogWriter(retention), Named.as(EVENTS_WRITER),
                        EVENTS_STORE, STATUS_STORE, TARGETS_STORE, UPTIME_STORE, GROUPS_STORE);

        // The tables' source topics are compacted and keyed like the stores, so they serve as the stores'
        // changelogs: no copy of them in changelog topics of our own.
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
