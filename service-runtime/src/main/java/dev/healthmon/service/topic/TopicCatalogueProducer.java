package dev.healthmon.service.topic;

import dev.healthmon.topic.TopicCatalogue;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/**
 * The topic catalogue as the service is configured ({@code healthmon.topics.*}), its clients taking the service's
 * {@code kafka.*} settings ({@code default-kafka-broker}: bootstrap servers, TLS, SASL), which quarkus-kafka-streams
 * also gives Kafka Streams. Every service uses this one catalogue; what each does with it at start-up is its own.
 */
public class TopicCatalogueProducer {

    @Produces
    @Singleton
    TopicCatalogue catalogue(Config config, @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        return TopicCatalogue.fromSettings(key -> config.getOptionalValue(key, String.class), kafka);
    }

    void close(@Disposes TopicCatalogue catalogue) {
        catalogue.close();
    }
}
