package dev.healthmon.query.publish;

import dev.healthmon.schemas.TargetDefinition;
import dev.healthmon.service.stop.ProducerStop;
import dev.healthmon.service.stop.StopStep;
import dev.healthmon.topic.Topic;
import dev.healthmon.topic.TopicCatalogue;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Writes target definitions, and tombstones, to the {@code targets} topic keyed by target id, and returns only once
 * Kafka has acknowledged every write to all in-sync replicas ({@link AcknowledgedProducer}).
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

    private final Topic<String, TargetDefinition> topic;
    private final Producer<String, TargetDefinition> producer;
    private final Duration writeTimeout;

    public TargetPublisher(TopicCatalogue topics, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "healthmon.api.write-timeout", defaultValue = "30s") Duration writeTimeout) {
        this.topic = topics.targets();
        this.writeTimeout = writeTimeout;
        Map<String, Object> config = AcknowledgedProducer.config(kafkaConfig, "healthmon-query-targets",
                writeTimeout);
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
        long deadline = System.nanoTime() + writeTimeout.plus(AcknowledgedProducer.WAIT_MARGIN).toNanos();
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

    /** Closed within the stop's bound, before Quarkus' own shutdown. */
    @Produces
    @Singleton
    StopStep stop() {
        return new ProducerStop("targets producer", producer);
    }
}
