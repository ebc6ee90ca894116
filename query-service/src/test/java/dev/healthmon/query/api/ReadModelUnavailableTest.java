package dev.healthmon.query.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.healthmon.kafka.local.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Streams waits for topics that nobody creates here, so the read model never becomes queryable. */
@QuarkusTest
@TestProfile(ReadModelUnavailableTest.TopicsMissing.class)
@WithTestResource(KafkaTestResource.class)
class ReadModelUnavailableTest {

    public static class TopicsMissing implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("healthmon.topics.prefix", "never-created.", "healthmon.api.tokens", "");
        }
    }

    @Test
    void readsAnswer503WithRetryAfter() {
        given().get("/v1/targets").then().statusCode(503).header("Retry-After", "1").body("error", notNullValue());
        given().get("/v1/targets/some-target").then().statusCode(503).header("Retry-After", "1");
    }

    @Test
    void writesThatNeedTheReadModelAnswer503() {
        given().contentType(ContentType.JSON).body("{\"heartbeat\": {\"ttl\": \"1m\"}}")
                .put("/v1/targets/some-target").then().statusCode(503).header("Retry-After", "1");
        given().post("/v1/targets/some-target/pause").then().statusCode(503);
    }

    @Test
    void validationNeedsNoReadModel() {
        given().contentType(ContentType.JSON).body("{\"heartbeat\": {\"ttl\": \"never\"}}")
                .put("/v1/targets/some-target").then().statusCode(400)
                .body("problems[0].field", equalTo("heartbeat.ttl"));
    }

    @Test
    void notReady() {
        given().get("/q/health/ready").then().statusCode(503);
    }
}
