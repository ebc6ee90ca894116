package dev.healthmon.query.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import dev.healthmon.kafka.local.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(ReadTokenRequiredTest.ReadsClosed.class)
@WithTestResource(KafkaTestResource.class)
class ReadTokenRequiredTest {

    public static class ReadsClosed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("healthmon.api.tokens", "reader-token", "healthmon.api.read-requires-token", "true");
        }
    }

    @BeforeAll
    static void createTopics() {
        KafkaFixture.ensureTopics();
    }

    @Test
    void readsNeedATokenToo() {
        given().get("/v1/targets").then().statusCode(401);
        given().get("/v1/targets/anything").then().statusCode(401);
        given().header("Authorization", "Bearer not-it").get("/v1/targets").then().statusCode(401);
        await().atMost(Duration.ofSeconds(60)).until(() -> given().header("Authorization", "Bearer reader-token")
                .get("/v1/targets").statusCode() == 200);
        given().header("Authorization", "Bearer reader-token").get("/v1/targets/anything").then().statusCode(404);
    }

    @Test
    void healthAndOpenApiStayOpen() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }
}
