package dev.healthmon.kafka.local;

import static dev.healthmon.kafka.local.Clients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.healthmon.schemas.SampleRecords;
import dev.healthmon.topic.Topic;
import dev.healthmon.topic.TopicCatalogue;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every event type crosses a real broker, through the catalogue's serdes, unchanged. */
@ExtendWith(KafkaExtension.class)
class AvroRoundTripTest {

    private static TopicCatalogue catalogue;

    @BeforeAll
    static void createTopics(@BootstrapServers String bootstrapServers) {
        catalogue = new TopicCatalogue(Clients.unique("avro-") + ".", 2, (short) 1);
        try (Admin admin = Clients.admin(bootstrapServers)) {
            catalogue.ensureTopics(admin);
        }
    }

    @Test
    void targetDefinition(@BootstrapServers String bootstrapServers) throws Exception {
        assertRoundTrip(bootstrapServers, catalogue.targets(), "checkout-api", SampleRecords.targetDefinition());
    }

    @Test
    void targetDefinitionTombstone(@BootstrapServers String bootstrapServers) throws Exception {
        assertRoundTrip(bootstrapServers, catalogue.targets(), "checkout-api", null);
    }

    @Test
    void checkResult(@BootstrapServers String bootstrapServers) throws Exception {
        assertRoundTrip(bootstrapServers, catalogue.checkResults(), "checkout-api", SampleRecords.checkResult());
    }

    @Test
    void targetStatus(@BootstrapServers String bootstrapServers) throws Exception {
        assertRoundTrip(bootstrapServers, catalogue.status(), "checkout-api", SampleRecords.targetStatus());
    }

    @Test
    void healthEvent(@BootstrapServers String bootstrapServers) throws Exception {
        assertRoundTrip(bootstrapServers, catalogue.events(), "checkout-api", SampleRecords.healthEvent());
    }

    @Test
    void uptimeBucket(@BootstrapServers String bootstrapServers) throws Exception {
        assertRoundTrip(bootstrapServers, catalogue.uptime(), "checkout-api", SampleRecords.uptimeBucket());
    }

    @Test
    void groupStatus(@BootstrapServers String bootstrapServers) throws Exception {
        assertRoundTrip(bootstrapServers, catalogue.groups(), "shop", SampleRecords.groupStatus());
    }

    private static <K, V> void assertRoundTrip(String bootstrapServers, Topic<K, V> topic, K key, V value)
            throws Exception {
        RecordMetadata sent;
        try (Producer<K, V> producer = Clients.producer(bootstrapServers, topic.keySerde().serializer(),
                topic.valueSerde().serializer(), Map.of())) {
            sent = producer.send(new ProducerRecord<>(topic.name(), key, value)).get(TIMEOUT.toSeconds(),
                    TimeUnit.SECONDS);
        }

        try (Consumer<K, V> consumer = Clients.consumer(bootstrapServers, topic.keySerde().deserializer(),
                topic.valueSerde().deserializer(), Map.of())) {
            List<ConsumerRecord<K, V>> received = Clients.readUntil(consumer,
                    new TopicPartition(topic.name(), sent.partition()), r -> r.offset() == sent.offset());
            ConsumerRecord<K, V> record = received.get(received.size() - 1);
            assertThat(record.key()).isEqualTo(key);
            assertThat(record.value()).isEqualTo(value);
        }
    }
}
