package dev.healthmon.query;

import dev.healthmon.topic.Topic;
import dev.healthmon.topic.TopicCatalogue;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.apache.kafka.common.KafkaException;
import org.jboss.logging.Logger;

/**
 * The writer schemas of what this service writes, shared through the {@code schemas} topic. The analyzer creates
 * the topics; this service only uses them.
 */
public class QueryTopics {

    private static final Logger LOG = Logger.getLogger(QueryTopics.class);
    private static final long RETRY_MS = 1_000;

    /**
     * Publishes the schemas of what this service writes (definitions, pushed results, the events store's changelog)
     * on a thread of its own, again each second until the {@code schemas} topic has taken them, so that no write
     * request waits for it. A record written before that publishes its schema first itself.
     */
    void publishSchemas(@Observes StartupEvent startup, TopicCatalogue catalogue) {
        List<Topic<?, ?>> written = List.of(catalogue.targets(), catalogue.checkResults(), catalogue.events());
        Thread publisher = new Thread(() -> {
            while (true) {
                try {
                    written.forEach(Topic::publishValueSchema);
                    return;
                } catch (KafkaException e) {
                    LOG.debugf("Writer schemas not published yet: %s", e.getMessage());
                }
                try {
                    Thread.sleep(RETRY_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "healthmon-schema-publisher");
        publisher.setDaemon(true);
        publisher.start();
    }
}
