package dev.healthmon.query.publish;

import dev.healthmon.query.ApiConfig;
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
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

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
            ApiConfig api) {
        this.topic = topics.targets();
        this.writeTimeout = api.writeTimeout();
        Map<String, Object> config = AcknowledgedProducer.config(kafkaConfig, "healthmon-query-targets",
                writeTimeout);
        this.producer = new KafkaProducer<>(config, topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    /** Sends the writes in order and waits until Kafka acknowledged each. */
    public void publish(List<TargetWrite> writes) {
        Map<Integer, Throwable> failed = AcknowledgedProducer.sendAll(producer, writes.stream()
                .map(write -> new ProducerRecord<>(topic.name(), write.id(), write.definition())).toList(),
                writeTimeout);
        if (!failed.isEmpty()) {
            throw new PublishFailedException(failed.keySet().stream().map(i -> writes.get(i).id()).toList(),
                    failed.values().iterator().next());
        }
    }

    /** Closed within the stop's bound, before Quarkus' own shutdown. */
    @Produces
    @Singleton
    StopStep stop() {
        return new ProducerStop("targets producer", producer);
    }
}
