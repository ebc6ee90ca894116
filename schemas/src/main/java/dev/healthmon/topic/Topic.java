package dev.healthmon.topic;

import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serde;

/** One topic of the catalogue: its full name, how its keys and values are encoded, and how it is created. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, int partitions,
        Map<String, String> configs) {

    public Topic {
        configs = Map.copyOf(configs);
    }

    NewTopic newTopic(short replicationFactor) {
        return new NewTopic(name, partitions, replicationFactor).configs(configs);
    }
}
