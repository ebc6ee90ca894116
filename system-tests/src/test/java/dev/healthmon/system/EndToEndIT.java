package dev.healthmon.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.healthmon.schemas.CloseReason;
import dev.healthmon.schemas.HealthEvent;
import dev.healthmon.schemas.HealthEventType;
import dev.healthmon.topic.TopicCatalogue;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole product, as it runs in production: the packaged broker, analyzer, query service and prober, each its
 * own process. The test runs a web server of its own, registers it over REST, and watches an outage it causes
 * travel through probing, analysis and the read model to REST, to the events topic and to the uptime report.
 */
class EndToEndIT {

    private static final String TARGET = "e2e-web";
    private static final Duration DETECTION = Duration.ofSeconds(90);

    @TempDir
    static Path work;

    private static final List<PackagedProcess> PROCESSES = new ArrayList<>();
    private static String bootstrapServers;
    private static int queryPort;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final TopicCatalogue topics = TopicCatalogue.defaults();
    private HttpServer web;

    @BeforeAll
    static void startTheProduct() throws Exception {
        Path logs = work.resolve("logs");
        int kafkaPort = PackagedProcess.freePort();
        bootstrapServers = "localhost:" + kafkaPort;
        PackagedProcess kafka = started(PackagedProcess.broker(kafkaPort, work.resolve("kafka"), logs));
        await().atMost(Duration.ofMinutes(2)).until(() -> kafka.log().contains("kafka-local ready") || !kafka.isAlive());
        assertThat(kafka.isAlive()).as(kafka.describe()).isTrue();

        int analyzerPort = PackagedProcess.freePort();
        queryPort = PackagedProcess.freePort();
        int proberPort = PackagedProcess.freePort();
        started(PackagedProcess.service("analyzer", logs, List.of("kafka.bootstrap.servers=" + bootstrapServers,
                "quarkus.http.port=" + analyzerPort, "kafka-streams.state.dir=" + work.resolve("streams/analyzer"))));
        started(PackagedProcess.service("query", logs, List.of("kafka.bootstrap.servers=" + bootstrapServers,
                "quarkus.http.port=" + queryPort, "kafka-streams.state.dir=" + work.resolve("streams/query"))));
        started(PackagedProcess.service("prober", logs, List.of("kafka.bootstrap.servers=" + bootstrapServers,
                "quarkus.http.port=" + proberPort, "healthmon.prober.region=e2e")));

        List<Integer> ports = List.of(analyzerPort, queryPort, proberPort);
        for (int i = 0; i < ports.size(); i++) {
            PackagedProcess service = PROCESSES.get(i + 1);
            int port = ports.get(i);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> PackagedProcess.isReady(port) || !service.isAlive());
            assertThat(service.isAlive()).as(service.describe()).isTrue();
        }
    }

    @AfterAll
    static void stopTheProduct() throws InterruptedException {
        // Services before the broker, so that they close their clients against a live broker.
        for (int i = PROCESSES.size() - 1; i >= 0; i--) {
            PROCESSES.get(i).close();
        }
        assertThat(PROCESSES).noneMatch(PackagedProcess::isAlive);
    }

    @AfterEach
    void stopWebServer() {
        if (web != null) {
            web.stop(0);
        }
    }

    @Test
    void anOutageOfARealServerIsDetectedReportedAndClosedWithTheSameIncident() throws Exception {
        int webPort = startWebServer(0);
        register(webPort);

        JsonNode up = awaitState("UP");
        assertThat(up.at("/definition/http/url").asText()).endsWith(":" + webPort + "/health");

        web.stop(0);
        JsonNode down = awaitState("DOWN");
        String incident = down.at("/status/openIncidentId").asText();
        assertThat(incident).isNotBlank();
        HealthEvent opened = awaitEvent(HealthEventType.TARGET_DOWN);
        assertThat(opened.getPeriodId()).isEqualTo(incident);

        startWebServer(webPort);
        JsonNode recovered = awaitState("UP");
        assertThat(recovered.at("/status/openIncidentId").isMissingNode()
                || recovered.at("/status/openIncidentId").isNull()).isTrue();
        HealthEvent closed = awaitEvent(HealthEventType.TARGET_UP);
        assertThat(closed.getPeriodId()).isEqualTo(incident);
        assertThat(closed.getCloseReason()).isEqualTo(CloseReason.RECOVERED);
        assertThat(closed.getDurationMs()).isPositive();

        // The refused probes of the outage are in the target's uptime buckets, and so in its health report.
        JsonNode report = await().atMost(DETECTION).pollInterval(Duration.ofMillis(500))
                .until(() -> get("/v1/targets/" + TARGET + "/uptime?window=1h"),
                        r -> r.path("down").asLong() >= 2 && r.path("up").asLong() >= 2);
        assertThat(report.path("checks").asLong()).isEqualTo(report.path("up").asLong() + report.path("down").asLong());
        assertThat(report.at("/failuresByKind/CONNECTION_REFUSED").asLong()).isEqualTo(report.path("down").asLong());
        assertThat(report.path("successRatio").asDouble()).isStrictlyBetween(0.0, 1.0);
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(api(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private void register(int webPort) throws IOException, InterruptedException {
        String target = """
                {"id": "%s", "name": "A web server the test turns off and on", "interval": "1s", "timeout": "500ms",
                 "failureThreshold": 2, "successThreshold": 1,
                 "http": {"url": "http://127.0.0.1:%d/health"}}""".formatted(TARGET, webPort);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(api("/v1/targets/" + TARGET))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(target)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
    }

    private JsonNode awaitState(String state) {
        return await().atMost(DETECTION).pollInterval(Duration.ofMillis(250))
                .until(() -> target().filter(t -> state.equals(t.path("state").asText())), Optional::isPresent)
                .orElseThrow();
    }

    private Optional<JsonNode> target() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(api("/v1/targets/" + TARGET)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? Optional.of(json.readTree(response.body())) : Optional.empty();
    }

    /** The first event of that type about the target, read as an alerting consumer would: read_committed. */
    private HealthEvent awaitEvent(HealthEventType type) {
        try (var consumer = CommittedEvents.subscribe(bootstrapServers, topics)) {
            List<HealthEvent> seen = new ArrayList<>();
            return await().atMost(DETECTION).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> seen.add(record.value()));
                return seen.stream().filter(e -> e.getSubject().equals(TARGET) && e.getType() == type).findFirst();
            }, Optional::isPresent).orElseThrow();
        }
    }

    private int startWebServer(int port) throws IOException {
        web = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        web.createContext("/health", exchange -> {
            byte[] body = "OK".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        web.start();
        return web.getAddress().getPort();
    }

    private URI api(String path) {
        return URI.create("http://localhost:" + queryPort + path);
    }

    private static PackagedProcess started(PackagedProcess process) {
        PROCESSES.add(process);
        return process;
    }
}
