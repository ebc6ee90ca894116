package dev.healthmon.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.healthmon.schemas.CloseReason;
import dev.healthmon.schemas.HealthEvent;
import dev.healthmon.schemas.HealthEventType;
import dev.healthmon.topic.TopicCatalogue;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    private static PackagedStack stack;
    private static String bootstrapServers;
    private static int queryPort;

    private final QueryApi api = new QueryApi(queryPort);
    private final TopicCatalogue topics = TopicCatalogue.fromSettings(setting -> Optional.empty());
    private HttpServer web;

    @BeforeAll
    static void startTheProduct() throws Exception {
        stack = PackagedStack.start(work, List.of(), List.of(),
                Map.of("prober", List.of("healthmon.prober.region=e2e")));
        bootstrapServers = stack.bootstrapServers();
        queryPort = stack.port("query");
    }

    @AfterAll
    static void stopTheProduct() {
        if (stack != null) {
            stack.close();
        }
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
                .until(() -> api.get("/v1/targets/" + TARGET + "/uptime?window=1h"),
                        r -> r.path("down").asLong() >= 2 && r.path("up").asLong() >= 2);
        assertThat(report.path("checks").asLong()).isEqualTo(report.path("up").asLong() + report.path("down").asLong());
        assertThat(report.at("/failuresByKind/CONNECTION_REFUSED").asLong()).isEqualTo(report.path("down").asLong());
        assertThat(report.path("successRatio").asDouble()).isStrictlyBetween(0.0, 1.0);
    }

    private void register(int webPort) throws IOException, InterruptedException {
        // The outage is a server turned off (refused at once), not a slow one: a timeout that a busy shared machine
        // keeps, so that a check of the running server is never late enough to count as a failure.
        String target = """
                {"id": "%s", "name": "A web server the test turns off and on", "interval": "5s", "timeout": "5s",
                 "failureThreshold": 2, "successThreshold": 1,
                 "http": {"url": "http://127.0.0.1:%d/health"}}""".formatted(TARGET, webPort);
        HttpResponse<String> response = api.send(HttpRequest.newBuilder(api.uri("/v1/targets/" + TARGET))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(target)).build());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
    }

    private JsonNode awaitState(String state) {
        return api.awaitState(TARGET, state, DETECTION);
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
        web = HealthyServer.start(port);
        return web.getAddress().getPort();
    }
}
