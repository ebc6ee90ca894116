package dev.healthmon.query.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import dev.healthmon.schemas.TargetStatus;
import dev.healthmon.topic.Topic;
import dev.healthmon.topic.TopicCatalogue;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.eclipse.microprofile.config.ConfigProvider;

/** What the API tests need from the broker: the topics, a queryable read model, and statuses as the analyzer writes them. */
final class KafkaFixture {

    private KafkaFixture() {
    }

    /** Creates the topics, which the analyzer does in production; Streams starts once they exist. */
    static void ensureTopics() {
        catalogue().ensureTopics(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /** Waits until the read model answers, as it does once Streams runs; the API answers 503 until then. */
    static void awaitReadModel() {
        await().atMost(Duration.ofSeconds(60)).until(() -> given().get("/v1/targets").statusCode() == 200);
    }

    /** Publishes a status for a target, as the analyzer would. */
    static void publishStatus(TargetStatus status) throws ExecutionException, InterruptedException {
        publish(catalogue().status(), status.getTargetId(), status);
    }

    /**
     * Publishes a record as the analyzer would: keyed as given, and partitioned by {@code partitionKey}, which for
     * the uptime topic is the target id part of the key.
     */
    static <V> void publish(Topic<String, V> topic, String partitionKey, String key, V value)
            throws ExecutionException, InterruptedException {
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(
                Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()),
                topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            int partition = Utils.toPositive(Utils.murmur2(partitionKey.getBytes(StandardCharsets.UTF_8)))
                    % topic.partitions();
            producer.send(new ProducerRecord<>(topic.name(), partition, key, value)).get();
        }
    }

    /** Publishes a record keyed, and so partitioned, by {@code key}. */
    static <V> void publish(Topic<String, V> topic, String key, V value)
            throws ExecutionException, InterruptedException {
        publish(topic, key, key, value);
    }

    /** Every record of the topic so far with this key, read from the start. */
    static <V> List<V> read(Topic<String, V> topic, String key) {
        return records(topic, key).stream().map(ConsumerRecord::value).toList();
    }

    /** Every record of the topic so far with this key, read from the start, with its partition and headers. */
    static <V> List<ConsumerRecord<String, V>> records(Topic<String, V> topic, String key) {
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(
                Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()),
                topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(info -> new TopicPartition(topic.name(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, V>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        records.add(record);
                    }
                }
            }
            return records;
        }
    }

    static TopicCatalogue catalogue() {
        var config = ConfigProvider.getConfig();
        return new TopicCatalogue(config.getValue("healthmon.topics.prefix", String.class),
                config.getValue("healthmon.topics.partitions", Integer.class),
                config.getValue("healthmon.topics.replication-factor", Short.class));
    }

    private static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }
}
