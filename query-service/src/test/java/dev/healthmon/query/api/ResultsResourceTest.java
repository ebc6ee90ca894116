package dev.healthmon.query.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.healthmon.kafka.local.KafkaTestResource;
import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.Outcome;
import dev.healthmon.serde.Fingerprints;
import dev.healthmon.topic.TargetPartitions;
import dev.healthmon.topic.Topic;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/results} against a real broker: what is published, where, with which schema, and what is not. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class ResultsResourceTest {

    @BeforeAll
    static void createTopics() {
        KafkaFixture.ensureTopics();
    }

    @BeforeEach
    void readModelReady() {
        KafkaFixture.awaitReadModel();
    }

    private static RequestSpecification writer() {
        return given().header("Authorization", "Bearer test-writer-token").contentType(ContentType.JSON);
    }

    @Test
    void validResultsArePublishedInTheirTargetsPartitionWithTheSharedSchemaAndTheOthersListed() {
        writer().body("{\"interval\": \"10s\", \"timeout\": \"2s\", \"tcp\": {\"host\": \"db.example.com\", "
                + "\"port\": 5432}}").put("/v1/targets/pushed-db").then().statusCode(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/v1/targets/pushed-db").statusCode() == 200);
        Instant started = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        writer().body("""
                [{"targetId": "pushed-db", "checkType": "TCP", "outcome": "DOWN", "failureKind": "CONNECTION_REFUSED",
                  "latencyMicros": 900, "region": "ci", "proberId": "python-1", "startedAt": "%s"},
                 {"targetId": "pushed-nobody", "checkType": "TCP", "outcome": "UP", "region": "ci",
                  "proberId": "python-1", "startedAt": "%s"},
                 {"targetId": "pushed-db", "checkType": "TCP", "outcome": "SIDEWAYS", "region": "ci",
                  "proberId": "python-1", "startedAt": "%s"}]""".formatted(started, started, started))
                .post("/v1/results").then().statusCode(200)
                .body("published", equalTo(1)).body("rejected", equalTo(2)).body("retry", equalTo(0))
                .body("items.published", contains(true, false, false))
                .body("items[1].problems.field", contains("targetId"))
                .body("items[2].problems.field", contains("outcome"));

        // Acknowledged by Kafka before the answer: the record is there now, and only the good one.
        var checkResults = KafkaFixture.catalogue().checkResults();
        List<ConsumerRecord<String, byte[]>> published = KafkaFixture.records(new Topic<>(checkResults.name(),
                Serdes.String(), Serdes.ByteArray(), checkResults.partitions(), Map.of()), "pushed-db");
        long fingerprint = Fingerprints.of(CheckResult.getClassSchema());
        assertThat(published).singleElement().satisfies(record -> {
            assertThat(record.partition()).isEqualTo(TargetPartitions.of("pushed-db", checkResults.partitions()));
            assertThat(record.timestamp()).isEqualTo(started.toEpochMilli());
            // Written with this build's schema, which is in the schemas topic for every reader.
            assertThat(ByteBuffer.wrap(record.value(), 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong())
                    .isEqualTo(fingerprint);
            CheckResult result = checkResults.valueSerde().deserializer().deserialize(record.topic(), record.value());
            assertThat(result.getOutcome()).isEqualTo(Outcome.DOWN);
            assertThat(result.getFailureKind()).isEqualTo(FailureKind.CONNECTION_REFUSED);
            assertThat(result.getProberId()).isEqualTo("python-1");
        });
        assertThat(KafkaFixture.read(checkResults, "pushed-nobody")).isEmpty();
        assertThat(KafkaFixture.read(KafkaFixture.catalogue().schemas(), Fingerprints.hex(fingerprint)))
                .isNotEmpty().allSatisfy(schema -> assertThat(new Schema.Parser().parse(schema))
                        .isEqualTo(CheckResult.getClassSchema()));
    }

    @Test
    void aBodyThatIsNoBatchIsABadRequestAWriteTokenIsNeededAndTheApiIsDocumented() {
        writer().body("{\"targetId\": \"pushed-db\"}").post("/v1/results").then().statusCode(400)
                .body("problems", hasSize(1));
        given().contentType(ContentType.JSON).body("[]").post("/v1/results").then().statusCode(401);
        given().get("/q/openapi").then().statusCode(200).body(containsString("/v1/results"))
                .body(containsString("PushedResult")).body(containsString("ResultReport"));
    }
}
