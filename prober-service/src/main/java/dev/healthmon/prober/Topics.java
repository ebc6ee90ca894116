package dev.healthmon.prober;

import dev.healthmon.topic.TopicCatalogue;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

/** The topic catalogue as configured. The analyzer creates the topics; this service only uses them. */
public class Topics {

    @Produces
    @Singleton
    TopicCatalogue catalogue(Config config) {
        return TopicCatalogue.fromSettings(key -> config.getOptionalValue(key, String.class));
    }
}
