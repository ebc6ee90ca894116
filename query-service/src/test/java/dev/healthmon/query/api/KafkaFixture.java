package dev.healthmon.query.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import dev.healthmon.schemas.TargetStatus;
import dev.healthmon.topic.Topic;
import dev.healthmon.topic.TopicCatalogue;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.ConfigProvider;

/** What the API tests need from the broker: the topics, a queryable read model, and statuses as the analyzer writes them. */
final class KafkaFixture {

    private KafkaFixture() {
    }

    /** Creates the topics, which the analyzer does in production; Streams starts once they exist. */
    static void ensureTopics() {
        catalogue().ensureTopics(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /** Waits until the read model answers, as it does once Streams runs; the API answers 503 until then. */
    static void awaitReadModel() {
        await().atMost(Duration.ofSeconds(60)).until(() -> given().get("/v1/targets").statusCode() == 200);
    }

    /** Publishes a status for a target, as the analyzer would. */
    static void publishStatus(TargetStatus status) throws ExecutionException, InterruptedException {
        Topic<String, TargetStatus> topic = catalogue().status();
        try (KafkaProducer<String, TargetStatus> producer = new KafkaProducer<>(
                Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()),
                topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), status.getTargetId(), status)).get();
        }
    }

    private static TopicCatalogue catalogue() {
        var config = ConfigProvider.getConfig();
        return new TopicCatalogue(config.getValue("healthmon.topics.prefix", String.class),
                config.getValue("healthmon.topics.partitions", Integer.class),
                config.getValue("healthmon.topics.replication-factor", Short.class));
    }

    private static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }
}
