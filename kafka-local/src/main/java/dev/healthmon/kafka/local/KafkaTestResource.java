package dev.healthmon.kafka.local;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} application at the {@link SharedKafka shared Kafka cluster}:
 * {@code @WithTestResource(KafkaTestResource.class)}.
 */
public final class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String servers = SharedKafka.bootstrapServers();
        return Map.of(
                "kafka.bootstrap.servers", servers,
                "quarkus.kafka-streams.bootstrap-servers", servers,
                // The cluster is given, so Quarkus must not start a Kafka of its own.
                "quarkus.kafka.devservices.enabled", "false");
    }

    @Override
    public void stop() {
        // Nothing to stop: the cluster is shared by every test of the JVM and stopped when the JVM exits.
    }
}
