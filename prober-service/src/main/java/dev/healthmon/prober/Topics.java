package dev.healthmon.prober;

import dev.healthmon.topic.TopicCatalogue;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The topic catalogue as configured. The analyzer creates the topics; this service only uses them. */
public class Topics {

    @Produces
    @Singleton
    TopicCatalogue catalogue(@ConfigProperty(name = "healthmon.topics.prefix") String prefix,
            @ConfigProperty(name = "healthmon.topics.partitions") int partitions,
            @ConfigProperty(name = "healthmon.topics.replication-factor") short replicationFactor) {
        return new TopicCatalogue(prefix, partitions, replicationFactor);
    }
}
