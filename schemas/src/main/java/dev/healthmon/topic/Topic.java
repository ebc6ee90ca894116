package dev.healthmon.topic;

import dev.healthmon.serde.AvroSerde;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serde;

/** One topic of the catalogue: its full name, how its keys and values are encoded, and how it is created. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, int partitions,
        Map<String, String> configs) {

    public Topic {
        configs = Map.copyOf(configs);
    }

    /**
     * Publishes the writer schema of this topic's values, when they are Avro records. Their serde does it before its
     * first record anyway; a service calls this at start-up for the topics it writes, so that no first record waits
     * for it.
     *
     * @throws org.apache.kafka.common.KafkaException when the schema cannot be published now
     */
    public void publishValueSchema() {
        if (valueSerde instanceof AvroSerde<?> avro) {
            avro.publishSchema();
        }
    }

    NewTopic newTopic(short replicationFactor) {
        return new NewTopic(name, partitions, replicationFactor).configs(configs);
    }
}
