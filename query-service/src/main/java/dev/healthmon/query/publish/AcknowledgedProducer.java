package dev.healthmon.query.publish;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Producer settings for writes that the API answers only once Kafka has acknowledged them. */
final class AcknowledgedProducer {

    // Margin over the producer's own delivery timeout, which fails every send in time: a wait never hangs.
    static final Duration WAIT_MARGIN = Duration.ofSeconds(5);

    private AcknowledgedProducer() {
    }

    /**
     * The client configuration plus: idempotent (a retried send is never duplicated, one key's writes keep their
     * order), acknowledged by all in-sync replicas, and failing within {@code writeTimeout}.
     */
    static Map<String, Object> config(Map<String, Object> kafkaConfig, String clientId, Duration writeTimeout) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // A request waits for nobody else's records.
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(writeTimeout.toMillis()));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(writeTimeout.toMillis()));
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(writeTimeout.toMillis() / 2));
        return config;
    }
}
