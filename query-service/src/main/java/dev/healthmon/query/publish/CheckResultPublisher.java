package dev.healthmon.query.publish;

import dev.healthmon.query.ApiConfig;
import dev.healthmon.schemas.CheckResult;
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
 * Writes pushed check results (heartbeats, and the results of probers that push them over HTTP) to
 * {@code check-results}, keyed by target id (so in its partition) with the result's start as record timestamp,
 * and returns once Kafka has acknowledged them ({@link AcknowledgedProducer}).
 */
@Startup
@ApplicationScoped
public class CheckResultPublisher {

    private final Topic<String, CheckResult> topic;
    private final Producer<String, CheckResult> producer;
    private final Duration writeTimeout;

    public CheckResultPublisher(TopicCatalogue topics,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            ApiConfig api) {
        this.topic = topics.checkResults();
        this.writeTimeout = api.writeTimeout();
        this.producer = new KafkaProducer<>(AcknowledgedProducer.config(kafkaConfig, "healthmon-query-results",
                writeTimeout), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    /** Publishes one result and waits until Kafka acknowledged it. */
    public void publish(CheckResult result) {
        Map<Integer, Throwable> failed = publishAll(List.of(result));
        if (!failed.isEmpty()) {
            throw new PublishFailedException(List.of(result.getTargetId()), failed.get(0));
        }
    }

    /**
     * Sends the results in order and waits until Kafka acknowledged each, within the write timeout; returns why each
     * result that was not acknowledged failed, by its index (empty when all were).
     */
    public Map<Integer, Throwable> publishAll(List<CheckResult> results) {
        return AcknowledgedProducer.sendAll(producer, results.stream().map(result -> new ProducerRecord<>(
                topic.name(), null, result.getStartedAt().toEpochMilli(), result.getTargetId(), result)).toList(),
                writeTimeout);
    }

    /** Closed within the stop's bound, before Quarkus' own shutdown. */
    @Produces
    @Singleton
    StopStep stop() {
        return new ProducerStop("results producer", producer);
    }
}
