package dev.healthmon.analyzer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while Kafka Streams is {@code RUNNING}, that is once its assignment is received and its stores are
 * restored: quarkus-kafka-streams' own readiness check only asks whether the topics exist, and its liveness check
 * accepts a rebalancing instance, whose analysis may be hours behind while it restores.
 */
@Readiness
@ApplicationScoped
public class StreamsReadiness implements HealthCheck {

    @Inject
    KafkaStreams streams;

    @Override
    public HealthCheckResponse call() {
        KafkaStreams.State state = streams.state();
        long activeTasks = streams.metadataForLocalThreads().stream()
                .mapToLong(thread -> thread.activeTasks().size()).sum();
        return HealthCheckResponse.named("Analyzer streams running").status(state == KafkaStreams.State.RUNNING)
                .withData("state", state.name()).withData("activeTasks", activeTasks).build();
    }
}
