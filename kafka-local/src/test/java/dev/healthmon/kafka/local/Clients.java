package dev.healthmon.kafka.local;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka clients for the tests, and reading a partition until an expected record has arrived. */
final class Clients {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Clients() {
    }

    /** A name no other test uses, so that tests sharing the broker do not see each other's topics. */
    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    static Admin admin(String bootstrapServers) {
        return Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    static <K, V> Producer<K, V> producer(String bootstrapServers, Serializer<K> keys, Serializer<V> values,
            Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(extra);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return new KafkaProducer<>(config, keys, values);
    }

    static <K, V> Consumer<K, V> consumer(String bootstrapServers, Deserializer<K> keys, Deserializer<V> values,
            Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(extra);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(config, keys, values);
    }

    /**
     * Reads {@code partition} from its beginning until a record matches {@code last}, and returns every record
     * read up to it.
     */
    static <K, V> List<ConsumerRecord<K, V>> readUntil(Consumer<K, V> consumer, TopicPartition partition,
            Predicate<ConsumerRecord<K, V>> last) {
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        List<ConsumerRecord<K, V>> received = new ArrayList<>();
        // The consumer is not thread-safe, so the condition runs on the test's thread.
        await().atMost(TIMEOUT).pollInSameThread().pollInterval(Duration.ZERO).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            return received.stream().anyMatch(last);
        });
        return received;
    }
}
