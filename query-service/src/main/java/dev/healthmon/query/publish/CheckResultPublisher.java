package dev.healthmon.query.publish;

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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Writes pushed check results (heartbeats) to {@code check-results}, keyed by target id with the result's start as
 * record timestamp, and returns once Kafka has acknowledged them ({@link AcknowledgedProducer}).
 */
@Startup
@ApplicationScoped
public class CheckResultPublisher {

    private final Topic<String, CheckResult> topic;
    private final Producer<String, CheckResult> producer;
    private final Duration writeTimeout;

    public CheckResultPublisher(TopicCatalogue topics,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "healthmon.api.write-timeout", defaultValue = "30s") Duration writeTimeout) {
        this.topic = topics.checkResults();
        this.writeTimeout = writeTimeout;
        this.producer = new KafkaProducer<>(AcknowledgedProducer.config(kafkaConfig, "healthmon-query-heartbeats",
                writeTimeout), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    public void publish(CheckResult result) {
        try {
            producer.send(new ProducerRecord<>(topic.name(), null, result.getStartedAt().toEpochMilli(),
                    result.getTargetId(), result)).get(writeTimeout.plus(AcknowledgedProducer.WAIT_MARGIN).toMillis(),
                            TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new PublishFailedException(List.of(result.getTargetId()), e.getCause());
        } catch (TimeoutException | RuntimeException e) {
            throw new PublishFailedException(List.of(result.getTargetId()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException(List.of(result.getTargetId()), e);
        }
    }

    /** Closed within the stop's bound, before Quarkus' own shutdown. */
    @Produces
    @Singleton
    StopStep stop() {
        return new ProducerStop("heartbeats producer", producer);
    }
}
