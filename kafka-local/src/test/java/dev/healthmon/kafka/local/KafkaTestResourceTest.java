package dev.healthmon.kafka.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaExtension.class)
class KafkaTestResourceTest {

    @Test
    void pointsKafkaClientsAndKafkaStreamsAtTheSharedCluster(@BootstrapServers String bootstrapServers) {
        KafkaTestResource resource = new KafkaTestResource();

        Map<String, String> config = resource.start();
        resource.stop();

        assertThat(config)
                .containsEntry("kafka.bootstrap.servers", bootstrapServers)
                .containsEntry("quarkus.kafka-streams.bootstrap-servers", bootstrapServers)
                .containsEntry("quarkus.kafka.devservices.enabled", "false");
    }
}
