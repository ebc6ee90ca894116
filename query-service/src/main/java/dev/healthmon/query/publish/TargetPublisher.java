package dev.healthmon.query.publish;

import dev.healthmon.schemas.TargetDefinition;
import dev.healthmon.topic.Topic;
import dev.healthmon.topic.TopicCatalogue;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Writes target definitions, and tombstones, to the {@code targets} topic keyed by target id, and returns only once
 * Kafka has acknowledged every write to all in-sync replicas. The producer is idempotent, so a retried send is
 * never duplicated and the writes for one target keep their order.
 */
// Created at start-up, so that a bad producer configuration stops the service rather than its first write.
@Startup
@ApplicationScoped
public class TargetPublisher {

    /** One write: a definition, or a tombstone (null definition) deleting the target. */
    public record TargetWrite(String id, TargetDefinition definition) {

        public static TargetWrite put(TargetDefinition definition) {
            return new TargetWrite(definition.getId(), definition);
        }

        public static TargetWrite delete(String id) {
            return new TargetWrite(id, null);
        }
    }

    // Margin over the producer's own delivery timeout, which fails every send in time: the wait never hangs.
    private static final Duration WAIT_MARGIN = Duration.ofSeconds(5);

    private final Topic<String, TargetDefinition> topic;
    private final Producer<String, TargetDefinition> producer;
    private final Duration writeTimeout;

    public TargetPublisher(TopicCatalogue topics, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "healthmon.api.write-timeout", defaultValue = "30s") Duration writeTimeout) {
        this.topic = topics.targets();
        this.writeTimeout = writeTimeout;
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "healthmon-query-targets");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // A request waits for nobody else's records; the batching that matters happens within one bulk sync.
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(writeTimeout.toMillis()));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(writeTimeout.toMillis()));
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(writeTimeout.toMillis() / 2));
        this.producer = new KafkaProducer<>(config, topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    /** Sends the writes in order and waits until Kafka acknowledged each. */
    public void publish(List<TargetWrite> writes) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        Throwable firstFailure = null;
        for (TargetWrite write : writes) {
            try {
                sent.add(producer.send(new ProducerRecord<>(topic.name(), write.id(), write.definition())));
            } catch (RuntimeException e) {
                // send() itself fails when the topic's metadata cannot be had within max.block.ms.
                sent.add(null);
                failed.add(write.id());
                firstFailure = firstFailure == null ? e : firstFailure;
            }
        }
        long deadline = System.nanoTime() + writeTimeout.plus(WAIT_MARGIN).toNanos();
        for (int i = 0; i < writes.size(); i++) {
            if (sent.get(i) == null) {
                continue;
            }
            try {
                sent.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                failed.add(writes.get(i).id());
                firstFailure = firstFailure == null ? e.getCause() : firstFailure;
            } catch (TimeoutException e) {
                failed.add(writes.get(i).id());
                firstFailure = firstFailure == null ? e : firstFailure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PublishFailedException(writes.subList(i, writes.size()).stream().map(TargetWrite::id)
                        .toList(), e);
            }
        }
        if (firstFailure != null) {
            throw new PublishFailedException(failed, firstFailure);
        }
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
