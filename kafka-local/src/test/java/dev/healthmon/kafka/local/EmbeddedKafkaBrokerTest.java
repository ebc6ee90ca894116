package dev.healthmon.kafka.local;

import static dev.healthmon.kafka.local.Clients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(KafkaExtension.class)
class EmbeddedKafkaBrokerTest {

    // The broker decompresses batches to validate them, so it needs every codec a client may use.
    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void aRecordProducedIsConsumed(String compression, @BootstrapServers String bootstrapServers) throws Exception {
        String topic = createTopic(bootstrapServers, "plain-");

        RecordMetadata sent;
        try (Producer<String, String> producer = Clients.producer(bootstrapServers, new StringSerializer(),
                new StringSerializer(), Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression))) {
            sent = producer.send(new ProducerRecord<>(topic, "checkout-api", "UP")).get(TIMEOUT.toSeconds(),
                    TimeUnit.SECONDS);
        }

        try (Consumer<String, String> consumer = Clients.consumer(bootstrapServers, new StringDeserializer(),
                new StringDeserializer(), Map.of())) {
            List<ConsumerRecord<String, String>> received = Clients.readUntil(consumer,
                    new TopicPartition(topic, sent.partition()), r -> true);
            assertThat(received).singleElement().satisfies(record -> {
                assertThat(record.key()).isEqualTo("checkout-api");
                assertThat(record.value()).isEqualTo("UP");
            });
        }
    }

    @Test
    void aReadCommittedConsumerSeesCommittedTransactionsOnly(@BootstrapServers String bootstrapServers)
            throws Exception {
        String topic = createTopic(bootstrapServers, "transactional-");
        TopicPartition partition = new TopicPartition(topic, 0);

        try (Producer<String, String> producer = Clients.producer(bootstrapServers, new StringSerializer(),
                new StringSerializer(), Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, Clients.unique("tx-")))) {
            producer.initTransactions();
            producer.beginTransaction();
            // Written before the abort, so that read_committed has an aborted record to skip.
            producer.send(new ProducerRecord<>(topic, 0, "checkout-api", "aborted")).get(TIMEOUT.toSeconds(),
                    TimeUnit.SECONDS);
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, "checkout-api", "committed")).get(TIMEOUT.toSeconds(),
                    TimeUnit.SECONDS);
            producer.commitTransaction();
        }

        try (Consumer<String, String> consumer = Clients.consumer(bootstrapServers, new StringDeserializer(),
                new StringDeserializer(), Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))) {
            List<ConsumerRecord<String, String>> received = Clients.readUntil(consumer, partition,
                    r -> r.value().equals("committed"));
            assertThat(received).extracting(ConsumerRecord::value).containsExactly("committed");
        }
    }

    @Test
    void createsNoTopicAClientAsksFor(@BootstrapServers String bootstrapServers) throws Exception {
        String missing = Clients.unique("missing-");
        try (Consumer<String, String> consumer = Clients.consumer(bootstrapServers, new StringDeserializer(),
                new StringDeserializer(), Map.of(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "true"))) {
            consumer.partitionsFor(missing, TIMEOUT);
        } catch (org.apache.kafka.common.errors.TimeoutException expected) {
            // A broker that does not create the topic leaves the client waiting for its metadata.
        }

        try (Admin admin = Clients.admin(bootstrapServers)) {
            assertThat(admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).doesNotContain(missing);
        }
    }

    private static String createTopic(String bootstrapServers, String prefix) throws Exception {
        String topic = Clients.unique(prefix);
        try (Admin admin = Clients.admin(bootstrapServers)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(TIMEOUT.toSeconds(),
                    TimeUnit.SECONDS);
        }
        return topic;
    }
}
