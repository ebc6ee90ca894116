package dev.healthmon.query.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.healthmon.kafka.local.KafkaTestResource;
import dev.healthmon.query.readmodel.ReadModel;
import dev.healthmon.schemas.CircuitState;
import dev.healthmon.schemas.CircuitStatus;
import dev.healthmon.schemas.HttpCheck;
import dev.healthmon.schemas.TargetState;
import dev.healthmon.schemas.TargetStatus;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class TargetsResourceTest {

    private static final Duration READ_MODEL_CATCH_UP = Duration.ofSeconds(30);

    @Inject
    ReadModel readModel;

    @BeforeAll
    static void createTopicsAndSendYamlAsText() {
        KafkaFixture.ensureTopics();
        RestAssured.config = RestAssured.config().encoderConfig(EncoderConfig.encoderConfig()
                .encodeContentTypeAs("application/yaml", ContentType.TEXT)
                .encodeContentTypeAs("text/yaml", ContentType.TEXT));
    }

    // RestAssured knows the application's port only from the first test on, not in @BeforeAll.
    @BeforeEach
    void readModelReady() {
        KafkaFixture.awaitReadModel();
    }

    private static RequestSpecification writer() {
        return given().header("Authorization", "Bearer test-writer-token");
    }

    private static String httpTarget(String name, String group, String extra) {
        return """
                {"name": "%s", %s "interval": "10s", "timeout": "2s", %s
                 "http": {"url": "https://example.com/health",
                          "headers": [{"name": "Authorization", "value": "Bearer s3cret", "secret": true},
                                      {"name": "Accept", "value": "application/json"}]}}"""
                .formatted(name, group == null ? "" : "\"group\": \"" + group + "\",", extra);
    }

    /** The value of the first header as stored, which the API never shows. */
    private Optional<String> storedSecret(String id) {
        return readModel.target(id).map(target -> ((HttpCheck) target.getCheck()).getHeaders().get(0).getValue());
    }

    private static void put(String id, String body) {
        writer().contentType(ContentType.JSON).body(body).put("/v1/targets/" + id).then().statusCode(201);
    }

    private static void awaitPresent(String id) {
        await().atMost(READ_MODEL_CATCH_UP).until(() -> given().get("/v1/targets/" + id).statusCode() == 200);
    }

    private static void awaitAbsent(String id) {
        await().atMost(READ_MODEL_CATCH_UP).until(() -> given().get("/v1/targets/" + id).statusCode() == 404);
    }

    @Test
    void createsReadsAndReplacesATarget() {
        writer().contentType(ContentType.JSON).body(httpTarget("Shop", "shop", "\"labels\": {\"team\": \"web\"},"))
                .put("/v1/targets/crud-shop")
                .then().statusCode(201)
                .header("Location", endsWith("/v1/targets/crud-shop"))
                .body("id", equalTo("crud-shop"))
                .body("quorum", equalTo("MAJORITY"))
                .body("enabled", equalTo(true))
                .body("http.headers[0].value", equalTo("***"));
        awaitPresent("crud-shop");

        given().get("/v1/targets/crud-shop").then().statusCode(200)
                .body("definition.name", equalTo("Shop"))
                .body("definition.group", equalTo("shop"))
                .body("definition.labels.team", equalTo("web"))
                .body("definition.interval", equalTo("10s"))
                .body("definition.circuitBreaker.recoveryTimeout", equalTo("1m"))
                .body("definition.http.method", equalTo("GET"))
                .body("state", equalTo("UNKNOWN"))
                .body("status", nullValue());

        writer().contentType(ContentType.JSON).body(httpTarget("Shop v2", "shop", ""))
                .put("/v1/targets/crud-shop")
                .then().statusCode(200).body("name", equalTo("Shop v2"));
        await().atMost(READ_MODEL_CATCH_UP).untilAsserted(() -> given().get("/v1/targets/crud-shop").then()
                .body("definition.name", equalTo("Shop v2")));
    }

    @Test
    void acceptsAYamlBody() {
        writer().contentType("application/yaml").body("""
                name: Nightly backup
                heartbeat: {ttl: 1h}
                """).put("/v1/targets/yaml-backup")
                .then().statusCode(201)
                .body("heartbeat.ttl", equalTo("1h"))
                .body("interval", equalTo("1h"));
    }

    @Test
    void neverReturnsSecretValuesButKeepsThemWhenWrittenBackRedacted() {
        put("secret-api", httpTarget("API", null, ""));
        awaitPresent("secret-api");
        String read = given().get("/v1/targets/secret-api").then().statusCode(200)
                .body("definition.http.headers[0].value", equalTo("***"))
                .body("definition.http.headers[0].secret", equalTo(true))
                .body("definition.http.headers[1].value", equalTo("application/json"))
                .extract().path("definition").toString();
        given().get("/v1/targets").then().body("items.definition.http.headers.flatten().value",
                not(hasItem("Bearer s3cret")));

        // The definition as read, with its redacted secret, written back with another timeout.
        writer().contentType(ContentType.JSON)
                .body(given().get("/v1/targets/secret-api").then().extract().jsonPath().getMap("definition"))
                .put("/v1/targets/secret-api").then().statusCode(200);

        assertThat(read).doesNotContain("s3cret");
        assertThat(storedSecret("secret-api")).contains("Bearer s3cret");
    }

    @Test
    void refusesARedactedSecretThatHasNoStoredValue() {
        writer().contentType(ContentType.JSON).body("""
                {"interval": "10s", "timeout": "1s", "http": {"url": "https://example.com",
                 "headers": [{"name": "X-Key", "value": "***", "secret": true}]}}""")
                .put("/v1/targets/secret-missing")
                .then().statusCode(400)
                .body("problems.field", contains("http.headers[0].value"));
    }

    @Test
    void reportsEveryProblemOfABodyAtOnce() {
        writer().contentType(ContentType.JSON).body("""
                {"id": "other-id", "interval": "1s", "timeout": "5s", "failureThreshold": 0, "colour": "red",
                 "http": {"url": "ftp://example.com", "expectedStatus": ["2xx"]},
                 "tcp": {"host": "169.254.169.254", "port": 22}}""")
                .put("/v1/targets/many-problems")
                .then().statusCode(400)
                .contentType(ContentType.JSON)
                .body("problems.field", contains("colour", "id", "interval", "failureThreshold", "http.url",
                        "http.expectedStatus[0]", "tcp.host", "http|tcp|dns|tls|heartbeat"))
                .body("problems.message", not(hasItem(nullValue())));
    }

    @Test
    void refusesAnInvalidIdInTheUrl() {
        writer().contentType(ContentType.JSON).body(httpTarget("x", null, ""))
                .put("/v1/targets/Not_Valid")
                .then().statusCode(400).body("problems[0].field", equalTo("id"));
    }

    @Test
    void reportsMalformedJson() {
        writer().contentType(ContentType.JSON).body("{\"interval\": ")
                .put("/v1/targets/malformed")
                .then().statusCode(400).body("problems[0].message", startsWith("the body is not valid JSON"));
    }

    @Test
    void deletesATarget() {
        put("delete-me", httpTarget("Delete me", null, ""));
        awaitPresent("delete-me");

        writer().delete("/v1/targets/delete-me").then().statusCode(204);

        awaitAbsent("delete-me");
        writer().delete("/v1/targets/delete-me").then().statusCode(404).body("error", notNullValue());
    }

    @Test
    void answers404ForAnUnknownTarget() {
        given().get("/v1/targets/no-such-target").then().statusCode(404);
        writer().post("/v1/targets/no-such-target/pause").then().statusCode(404);
        writer().post("/v1/targets/no-such-target/resume").then().statusCode(404);
    }

    @Test
    void pausesAndResumesATarget() {
        put("pausable", httpTarget("Pausable", "pause-group", ""));
        awaitPresent("pausable");

        writer().post("/v1/targets/pausable/pause").then().statusCode(200)
                .body("enabled", equalTo(false)).body("http.headers[0].value", equalTo("***"));
        await().atMost(READ_MODEL_CATCH_UP).untilAsserted(() -> given().get("/v1/targets/pausable").then()
                .body("definition.enabled", equalTo(false)).body("state", equalTo("PAUSED")));
        given().queryParam("group", "pause-group").queryParam("state", "PAUSED").get("/v1/targets")
                .then().body("items.definition.id", contains("pausable"));
        assertThat(storedSecret("pausable")).contains("Bearer s3cret");

        writer().post("/v1/targets/pausable/resume").then().statusCode(200).body("enabled", equalTo(true));
        await().atMost(READ_MODEL_CATCH_UP).untilAsserted(() -> given().get("/v1/targets/pausable").then()
                .body("definition.enabled", equalTo(true)).body("state", equalTo("UNKNOWN")));
    }

    @Test
    void showsTheStatusTheAnalyzerPublished() throws Exception {
        put("with-status", httpTarget("With status", "status-group", ""));
        put("without-status", httpTarget("Without status", "status-group", ""));
        Instant since = Instant.parse("2026-01-01T00:00:00Z");
        KafkaFixture.publishStatus(TargetStatus.newBuilder().setTargetId("with-status").setState(TargetState.DOWN)
                .setSince(since).setUpdatedAt(since).setOpenIncidentId("incident-1")
                .setCircuit(CircuitStatus.newBuilder().setState(CircuitState.OPEN).setSince(since).build()).build());

        await().atMost(READ_MODEL_CATCH_UP).untilAsserted(() -> given().get("/v1/targets/with-status").then()
                .statusCode(200)
                .body("state", equalTo("DOWN"))
                .body("status.state", equalTo("DOWN"))
                .body("status.since", equalTo("2026-01-01T00:00:00Z"))
                .body("status.openIncidentId", equalTo("incident-1"))
                .body("status.circuit.state", equalTo("OPEN"))
                .body("status.regions", empty()));
        awaitPresent("without-status");
        given().queryParam("group", "status-group").queryParam("state", "DOWN").get("/v1/targets")
                .then().statusCode(200).body("items.definition.id", contains("with-status"));
        given().queryParam("group", "status-group").queryParam("state", "UNKNOWN").queryParam("state", "UP")
                .get("/v1/targets").then().body("items.definition.id", contains("without-status"));
    }

    @Test
    void listsInIdOrderAcrossPartitionsFiltersAndPages() {
        for (String id : List.of("page-a", "page-b", "page-c", "page-d", "page-e")) {
            String labels = "\"labels\": {\"suite\": \"paging\", \"parity\": \"%s\"},"
                    .formatted("page-b".equals(id) || "page-d".equals(id) ? "even" : "odd");
            put(id, httpTarget(id, "paging", labels));
        }
        await().atMost(READ_MODEL_CATCH_UP).untilAsserted(() -> given().queryParam("group", "paging")
                .get("/v1/targets").then().body("items.size()", equalTo(5)));

        List<String> all = given().queryParam("limit", 1000).get("/v1/targets").then().statusCode(200)
                .extract().jsonPath().getList("items.definition.id", String.class);
        assertThat(all).isSorted().contains("page-a", "page-e");

        given().queryParam("label", "suite=paging").queryParam("label", "parity=even").get("/v1/targets")
                .then().statusCode(200).body("items.definition.id", contains("page-b", "page-d"))
                .body("nextCursor", nullValue());

        String cursor = given().queryParam("group", "paging").queryParam("limit", 2).get("/v1/targets")
                .then().statusCode(200).body("items.definition.id", contains("page-a", "page-b"))
                .body("nextCursor", equalTo("page-b")).extract().path("nextCursor");
        cursor = given().queryParam("group", "paging").queryParam("limit", 2).queryParam("cursor", cursor)
                .get("/v1/targets").then().body("items.definition.id", contains("page-c", "page-d"))
                .extract().path("nextCursor");
        given().queryParam("group", "paging").queryParam("limit", 2).queryParam("cursor", cursor)
                .get("/v1/targets").then().body("items.definition.id", contains("page-e"))
                .body("nextCursor", nullValue());
    }

    @Test
    void reportsEveryBadListParameter() {
        given().queryParam("label", "no-equals").queryParam("state", "SIDEWAYS").queryParam("limit", 0)
                .queryParam("cursor", "NOT A CURSOR").get("/v1/targets")
                .then().statusCode(400).body("problems.field", contains("label", "state", "limit", "cursor"));
    }

    @Test
    void syncsADocumentDeclaratively() {
        put("sync-adopted", httpTarget("Adopted", null, ""));
        writer().contentType(ContentType.JSON).body("""
                {"managedBy": "other-team", "targets": [{"id": "sync-others", "heartbeat": {"ttl": "1m"}}]}""")
                .put("/v1/targets").then().statusCode(200).body("created", contains("sync-others"));
        awaitPresent("sync-adopted");
        awaitPresent("sync-others");
        String first = """
                managedBy: sync-team
                targets:
                  - id: sync-one
                    name: One
                    interval: 10s
                    timeout: 2s
                    http: {url: "https://one.example.com", headers: [{name: X-Key, value: k1, secret: true}]}
                  - id: sync-two
                    heartbeat: {ttl: 5m}
                  - id: sync-adopted
                    tcp: {host: db.example.com, port: 5432}
                    interval: 10s
                    timeout: 2s
                """;

        writer().contentType("application/yaml").queryParam("dryRun", true).body(first).put("/v1/targets")
                .then().statusCode(200)
                .body("dryRun", equalTo(true))
                .body("created", contains("sync-one", "sync-two"))
                .body("updated", contains("sync-adopted"))
                .body("deleted", empty());
        given().get("/v1/targets/sync-one").then().statusCode(404);

        writer().contentType("text/yaml").body(first).put("/v1/targets")
                .then().statusCode(200).body("dryRun", equalTo(false)).body("created", contains("sync-one", "sync-two"));
        await().atMost(READ_MODEL_CATCH_UP).untilAsserted(() -> given().queryParam("label", "managed-by=sync-team")
                .get("/v1/targets").then().body("items.definition.id",
                        contains("sync-adopted", "sync-one", "sync-two")));

        String second = """
                managedBy: sync-team
                targets:
                  - id: sync-one
                    name: One
                    interval: 10s
                    timeout: 2s
                    http: {url: "https://one.example.com", headers: [{name: X-Key, value: "***", secret: true}]}
                  - id: sync-three
                    heartbeat: {ttl: 5m}
                  - id: sync-adopted
                    tcp: {host: db.example.com, port: 5433}
                    interval: 10s
                    timeout: 2s
                """;
        writer().contentType("application/yaml").queryParam("dryRun", true).body(second).put("/v1/targets")
                .then().statusCode(200)
                .body("created", contains("sync-three")).body("updated", contains("sync-adopted"))
                .body("deleted", contains("sync-two")).body("unchanged", contains("sync-one"));
        writer().contentType("application/yaml").body(second).put("/v1/targets")
                .then().statusCode(200).body("deleted", contains("sync-two"));

        awaitAbsent("sync-two");
        await().atMost(READ_MODEL_CATCH_UP).untilAsserted(() -> given().queryParam("label", "managed-by=sync-team")
                .get("/v1/targets").then().body("items.definition.id",
                        contains("sync-adopted", "sync-one", "sync-three")));
        given().get("/v1/targets/sync-adopted").then().body("definition.tcp.port", equalTo(5433));
        given().get("/v1/targets/sync-others").then().statusCode(200);
    }

    @Test
    void reportsEveryProblemOfASyncDocument() {
        writer().contentType("application/yaml").body("""
                targets:
                  - id: dup
                    heartbeat: {ttl: 1m}
                  - id: dup
                    heartbeat: {ttl: soon}
                  - name: no id
                    heartbeat: {ttl: 1m, grace: 1m}
                """).put("/v1/targets")
                .then().statusCode(400)
                .body("problems.field", containsInAnyOrder("targets[2].heartbeat.grace", "managedBy",
                        "targets[1].id", "targets[1].heartbeat.ttl", "targets[2].id"));
    }

    @Test
    void writesNeedAToken() {
        given().contentType(ContentType.JSON).body(httpTarget("x", null, "")).put("/v1/targets/auth-target")
                .then().statusCode(401).header("WWW-Authenticate", equalTo("Bearer realm=\"healthmon\""));
        given().header("Authorization", "Bearer wrong").contentType(ContentType.JSON).body(httpTarget("x", null, ""))
                .put("/v1/targets/auth-target").then().statusCode(401);
        given().delete("/v1/targets/auth-target").then().statusCode(401);
        given().post("/v1/targets/auth-target/pause").then().statusCode(401);
        given().contentType("application/yaml").body("managedBy: x\ntargets: []\n").put("/v1/targets")
                .then().statusCode(401);

        given().header("Authorization", "Bearer second-token").contentType(ContentType.JSON)
                .body(httpTarget("x", null, "")).put("/v1/targets/auth-target").then().statusCode(201);
        given().get("/v1/targets").then().statusCode(200);
    }

    @Test
    void documentsTheApi() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/v1/targets/{id}'.put.requestBody.content.'application/json'.schema.$ref",
                        endsWith("Target"))
                .body("paths.'/v1/targets'.put", notNullValue())
                .body("paths.'/v1/targets/{id}/pause'.post", notNullValue());
    }
}
