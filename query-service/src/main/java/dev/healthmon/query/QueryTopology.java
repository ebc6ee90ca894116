package dev.healthmon.query;

import dev.healthmon.schemas.TargetStatus;
import dev.healthmon.topic.TopicCatalogue;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;

/** The query service's read model: the derived topics materialised into named, queryable stores. */
public final class QueryTopology {

    /** Current status of every target, by target id. */
    public static final String STATUS_STORE = "query-status";

    private QueryTopology() {
    }

    public static Topology build(TopicCatalogue topics) {
        StreamsBuilder builder = new StreamsBuilder();
        var status = topics.status();
        builder.table(status.name(), Consumed.with(status.keySerde(), status.valueSerde()).withName("status-source"),
                Materialized.<String, TargetStatus, KeyValueStore<Bytes, byte[]>>as(STATUS_STORE)
                        .withKeySerde(status.keySerde()).withValueSerde(status.valueSerde()));
        return builder.build();
    }
}
