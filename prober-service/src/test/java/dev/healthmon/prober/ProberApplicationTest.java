package dev.healthmon.prober;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.healthmon.kafka.local.SharedKafka;
import dev.healthmon.prober.it.TestTopics;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(ProberApplicationTest.TopicsResource.class)
class ProberApplicationTest {

    /** The shared broker, with the topics created (the analyzer's job in production) under a prefix of their own. */
    public static final class TopicsResource implements QuarkusTestResourceLifecycleManager {

        private TestTopics topics;

        @Override
        public Map<String, String> start() {
            topics = new TestTopics(SharedKafka.bootstrapServers());
            return Map.of("kafka.bootstrap.servers", topics.bootstrapServers(),
                    "healthmon.topics.prefix", topics.prefix,
                    "healthmon.prober.region", "test-" + topics.prefix.substring(3, 11),
                    "healthmon.prober.instance-id", "app-test");
        }

        @Override
        public void stop() {
            topics.close();
        }
    }

    @Test
    void readyOnceTheBrokerTakesResultsAndAnAssignmentArrived() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200)
                .body(containsString("\"assignmentReceived\": true"))
                .body(containsString("\"producerDelivering\": true"))
                .body(containsString("\"ownFailure\": \"none\"")));
    }

    @Test
    void liveWhileTheSchedulerRuns() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void exposesPrometheusMetrics() {
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("healthmon_prober_probes_in_flight"))
                .body(containsString("healthmon_prober_assigned_targets"))
                .body(containsString("healthmon_prober_assigned_partitions"))
                .body(containsString("healthmon_prober_results_buffered"))
                .body(containsString("healthmon_prober_results_dropped_total"))
                .body(containsString("healthmon_prober_skipped_runs_total"))
                .body(containsString("healthmon_prober_schedule_lag_seconds"))
                .body(containsString("healthmon_prober_probe_sockets"))
                .body(containsString("healthmon_prober_runs_not_checked_total{reason=\"NO_DESCRIPTOR\"}"));
    }
}
