package dev.healthmon.prober;

import dev.healthmon.topic.TopicCatalogue;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/**
 * The topic catalogue as configured, its writer schemas shared through the {@code schemas} topic. The analyzer
 * creates the topics; this service only uses them.
 */
public class ProberTopics {

    @Produces
    @Singleton
    TopicCatalogue catalogue(Config config, @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        return TopicCatalogue.fromSettings(key -> config.getOptionalValue(key, String.class), kafka);
    }

    void close(@Disposes TopicCatalogue catalogue) {
        catalogue.close();
    }
}
