package dev.healthmon.analyzer;

import dev.healthmon.topic.TopicCatalogue;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The topic catalogue as configured, and its idempotent creation at start-up: the analyzer owns the derived
 * topics, so it makes sure all of them exist. If the broker cannot be reached now, the failure is logged and
 * Kafka Streams' readiness check stays DOWN until the topics exist.
 */
public class Topics {

    private static final Logger LOG = Logger.getLogger(Topics.class);

    @Produces
    @Singleton
    TopicCatalogue catalogue(Config config) {
        return TopicCatalogue.fromSettings(key -> config.getOptionalValue(key, String.class));
    }

    void ensure(@Observes StartupEvent startup, TopicCatalogue catalogue,
            @ConfigProperty(name = "healthmon.topics.ensure") boolean ensure,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        if (!ensure) {
            return;
        }
        try {
            // The admin client refuses an API timeout shorter than its request timeout.
            var created = catalogue.ensureTopics(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000));
            LOG.infof("Topics ready%s", created.isEmpty() ? "" : "; created " + created);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Cannot create the topics now; waiting for them to exist");
        }
    }
}
