package dev.healthmon.prober.it;

import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.TargetDefinition;
import dev.healthmon.topic.TopicCatalogue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The healthmon topics under a prefix of their own in a real broker, so that tests sharing the broker never see
 * each other's records; a producer for targets and a background reader of every check result.
 */
public final class TestTopics implements AutoCloseable {

    public final String prefix = "it-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    public final TopicCatalogue catalogue = new TopicCatalogue(prefix, 6, (short) 1);
    public final Queue<CheckResult> results = new ConcurrentLinkedQueue<>();
    private final String bootstrapServers;
    private final KafkaProducer<String, TargetDefinition> targets;
    private final KafkaProducer<String, byte[]> rawTargets;
    private final KafkaConsumer<String, CheckResult> reader;
    private final Thread readerThread;
    private volatile boolean reading = true;

    public TestTopics(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            catalogue.ensureTopics(admin);
        }
        targets = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                catalogue.targets().keySerde().serializer(), catalogue.targets().valueSerde().serializer());
        rawTargets = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringSerializer(), new ByteArraySerializer());
        reader = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                catalogue.checkResults().keySerde().deserializer(),
                catalogue.checkResults().valueSerde().deserializer());
        List<TopicPartition> partitions = reader.partitionsFor(catalogue.checkResults().name()).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        reader.assign(partitions);
        reader.seekToBeginning(partitions);
        readerThread = new Thread(this::read, "test-result-reader");
        readerThread.setDaemon(true);
        readerThread.start();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    private void read() {
        try {
            while (reading) {
                for (ConsumerRecord<String, CheckResult> record : reader.poll(Duration.ofMillis(200))) {
                    if (!record.key().equals(record.value().getTargetId())
                            || record.timestamp() != record.value().getStartedAt().toEpochMilli()) {
                        throw new AssertionError("Result record keyed or stamped wrongly: " + record);
                    }
                    results.add(record.value());
                }
            }
        } catch (WakeupException e) {
            // Closing.
        } finally {
            reader.close();
        }
    }

    public void put(TargetDefinition target) {
        send(target.getId(), target);
    }

    public void delete(String targetId) {
        send(targetId, null);
    }

    private void send(String key, TargetDefinition target) {
        try {
            targets.send(new ProducerRecord<>(catalogue.targets().name(), key, target)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes bytes that are not a target definition under {@code key}, as a broken producer might. */
    public void putMalformed(String key, byte[] value) {
        try {
            rawTargets.send(new ProducerRecord<>(catalogue.targets().name(), key, value)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        reading = false;
        reader.wakeup();
        targets.close();
        rawTargets.close();
    }
}
