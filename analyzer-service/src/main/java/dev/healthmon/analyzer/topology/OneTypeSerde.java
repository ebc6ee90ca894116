package dev.healthmon.analyzer.topology;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serde of a DSL sink fed by a processor that forwards values of several types, each type to a sink of its own:
 * it writes the one type its topic holds and refuses any other with a {@link ClassCastException} naming both, so a
 * value sent to the wrong sink fails loudly instead of being written with another type's schema.
 */
final class OneTypeSerde {

    private OneTypeSerde() {
    }

    static <V> Serde<Object> of(Class<V> type, Serde<V> serde) {
        Serializer<V> serializer = serde.serializer();
        Deserializer<V> deserializer = serde.deserializer();
        return Serdes.serdeFrom(new Serializer<>() {
            @Override
            public byte[] serialize(String topic, Object value) {
                return serializer.serialize(topic, type.cast(value));
            }

            @Override
            public byte[] serialize(String topic, Headers headers, Object value) {
                return serializer.serialize(topic, headers, type.cast(value));
            }
        }, deserializer::deserialize);
    }
}
