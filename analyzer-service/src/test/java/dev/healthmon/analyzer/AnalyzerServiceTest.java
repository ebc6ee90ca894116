package dev.healthmon.analyzer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.healthmon.kafka.local.KafkaTestResource;
import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.CheckType;
import dev.healthmon.schemas.CircuitBreakerSettings;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.HealthEvent;
import dev.healthmon.schemas.HealthEventType;
import dev.healthmon.schemas.Outcome;
import dev.healthmon.schemas.Quorum;
import dev.healthmon.schemas.Schedule;
import dev.healthmon.schemas.TargetDefinition;
import dev.healthmon.schemas.TcpCheck;
import dev.healthmon.topic.TopicCatalogue;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The service as configured, against a real broker: health, the analysis end to end, metrics. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class AnalyzerServiceTest {

    @Inject
    TopicCatalogue topics;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void becomesReadyDetectsAnOutageAndReportsItself() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        given().get("/q/health/live").then().statusCode(200);

        String id = "svc-" + UUID.randomUUID().toString().substring(0, 8);
        try (KafkaProducer<String, TargetDefinition> definitions = producer(topics.targets().valueSerde().serializer());
                KafkaProducer<String, CheckResult> results = producer(topics.checkResults().valueSerde()
                        .serializer())) {
            // Every field given: Avro builds defaults through a class loader of its own choosing, which under
            // Quarkus' test class loaders is not the one the test's classes come from.
            TargetDefinition definition = new TargetDefinition(id, id, null, false, List.of(), Map.of(), true,
                    List.of(), Quorum.ANY, new Schedule(30_000L, 5_000L, 0L), 2, null, null,
                    new CircuitBreakerSettings(5, 3, 60_000L, 3), new TcpCheck("localhost", 1, null, null));
            definitions.send(new ProducerRecord<>(topics.targets().name(), id, definition)).get(30, TimeUnit.SECONDS);
            for (int i = 0; i < 2; i++) {
                results.send(new ProducerRecord<>(topics.checkResults().name(), id, new CheckResult(id, CheckType.TCP,
                        Outcome.DOWN, FailureKind.CONNECTION_REFUSED, 900L, "eu", "eu-1", Instant.now(), null, null,
                        "connection refused", Map.of()))).get(30, TimeUnit.SECONDS);
            }
        }

        List<HealthEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, HealthEvent> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "analyzer-service-test-" + id,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                topics.events().keySerde().deserializer(), topics.events().valueSerde().deserializer())) {
            consumer.subscribe(List.of(topics.events().name()));
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (id.equals(r.key())) {
                        events.add(r.value());
                    }
                });
                return !events.isEmpty();
            });
        }
        assertThat(events).extracting(HealthEvent::getType).containsExactly(HealthEventType.TARGET_DOWN);

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("healthmon_analyzer_results_total{outcome=\"processed\"} 2.0"))
                .body(containsString("healthmon_analyzer_results_total{outcome=\"unknown_target\"}"))
                .body(containsString("healthmon_analyzer_events_total{type=\"TARGET_DOWN\"} 1.0"))
                .body(containsString("healthmon_analyzer_punctuation_seconds"))
                .body(containsString("healthmon_analyzer_end_to_end_lag_seconds"));
    }

    private <V> KafkaProducer<String, V> producer(Serializer<V> values) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), topics.targets().keySerde().serializer(), values);
    }
}
