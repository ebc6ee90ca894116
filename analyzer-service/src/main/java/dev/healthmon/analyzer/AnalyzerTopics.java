package dev.healthmon.analyzer;

import dev.healthmon.topic.MisconfiguredTopicsException;
import dev.healthmon.topic.Topic;
import dev.healthmon.topic.TopicCatalogue;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The topics' idempotent creation at start-up (the analyzer owns the derived topics, so it makes sure all of them
 * exist), and the writer schemas of what the analyzer writes, published before Kafka Streams starts. If the broker
 * cannot be reached now, the failure is logged, Kafka Streams' readiness check stays DOWN until the topics exist,
 * and each schema is published before the first record that needs it.
 */
public class AnalyzerTopics {

    private static final Logger LOG = Logger.getLogger(AnalyzerTopics.class);

    // Before quarkus-kafka-streams starts Kafka Streams (its observer has the default priority).
    void ensure(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE) StartupEvent startup,
            TopicCatalogue catalogue, @ConfigProperty(name = "healthmon.topics.ensure") boolean ensure,
            @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        if (ensure) {
            Map<String, Object> admin = new HashMap<>(kafka);
            // The admin client refuses an API timeout shorter than its request timeout.
            admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
            admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
            try {
                var created = catalogue.ensureTopics(admin);
                LOG.infof("Topics ready%s", created.isEmpty() ? "" : "; created " + created);
            } catch (MisconfiguredTopicsException e) {
                // No retry helps: the service must not run judging placement by a partition count the topics lack.
                throw e;
            } catch (RuntimeException e) {
                LOG.errorf(e, "Cannot create the topics now; waiting for them to exist");
            }
        }
        // What the analyzer writes: the derived topics, and its stores' changelogs, which hold definitions too.
        List<Topic<?, ?>> written = List.of(catalogue.status(), catalogue.events(), catalogue.uptime(),
                catalogue.groups(), catalogue.groupMembers(), catalogue.targets());
        try {
            written.forEach(Topic::publishValueSchema);
        } catch (KafkaException e) {
            LOG.errorf("Cannot publish the writer schemas now (%s); each goes out before its first record",
                    e.getMessage());
        }
    }
}
