package dev.healthmon.system.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.healthmon.schemas.HealthEvent;
import dev.healthmon.schemas.HealthEventType;
import dev.healthmon.system.CommittedEvents;
import dev.healthmon.system.PackagedProcess;
import dev.healthmon.system.hostile.TargetServers;
import dev.healthmon.system.netns.Link;
import dev.healthmon.system.netns.Namespace;
import dev.healthmon.system.netns.NamespacedProber;
import dev.healthmon.system.netns.NetworkLab;
import dev.healthmon.topic.TopicCatalogue;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three regions end to end: the packaged broker, analyzer and query service in the root network namespace, and a
 * packaged prober per region, each in a namespace of its own with its own link to the targets' namespace (its
 * own route to the targets) and one to the root namespace (its broker, whose {@code localhost} port is forwarded
 * into the namespace). A region is cut off from a target by a DROP rule in its namespace. With the default
 * quorum (a majority of the regions that are decided and not stale): one region cut off leaves the target
 * {@code DEGRADED}, with that region's {@code TIMEOUT} in its status; two make it {@code DOWN}; and once every
 * prober of one region is killed (SIGKILL), that region goes {@code STALE} and the vote goes on with the other
 * two: no false {@code DOWN}, no false {@code NO_DATA}, and one of the two cut off is {@code DEGRADED} again.
 * Asserted on REST and on the {@code events} topic read as an alerting consumer reads it ({@code read_committed}).
 */
class MultiRegionIT {

    private static final List<String> REGIONS = List.of("eu", "us", "ap");
    private static final Duration DETECTION = Duration.ofSeconds(60);
    private static final String TARGET = "shop";
    private static final String BYSTANDER = "blog";

    @TempDir
    Path work;

    private NetworkLab lab;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private int queryPort;

    @BeforeEach
    void requireNetworkNamespaces() {
        String unavailable = NetworkLab.unavailable().orElse(null);
        assumeTrue(unavailable == null, () -> "multi-region end-to-end test skipped: " + unavailable);
        lab = NetworkLab.create();
    }

    @AfterEach
    void tearDown() {
        // The probers, the services and the broker too, last started first.
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void oneRegionCutOffIsDegradedTwoAreDownAndAKilledRegionGoesStaleWhileTheOthersVote() throws Exception {
        Path logs = work.resolve("logs");
        Namespace targetSide = lab.namespace("targets");
        String shop = lab.serviceAddress(1);
        String blog = lab.serviceAddress(2);
        targetSide.addLoopbackAddress(shop);
        targetSide.addLoopbackAddress(blog);
        Path serversLog = Files.createDirectories(logs).resolve("target-servers.log");
        lab.start(targetSide, List.of(java(), "-Xmx64m", "-cp",
                System.getProperty("java.class.path"), TargetServers.class.getName(), "5000", "500"), serversLog);

        int kafkaPort = PackagedProcess.freePort();
        PackagedProcess kafka = started(PackagedProcess.broker(kafkaPort, work.resolve("kafka"), logs));
        await().atMost(Duration.ofMinutes(2)).until(() -> kafka.log().contains("kafka-local ready")
                || !kafka.isAlive());
        assertThat(kafka.isAlive()).as(kafka.describe()).isTrue();
        String bootstrapServers = "localhost:" + kafkaPort;
        int analyzerPort = PackagedProcess.freePort();
        queryPort = PackagedProcess.freePort();
        PackagedProcess analyzer = started(PackagedProcess.service("analyzer", logs, List.of(
                "kafka.bootstrap.servers=" + bootstrapServers, "quarkus.http.port=" + analyzerPort,
                "kafka-streams.state.dir=" + work.resolve("streams/analyzer"))));
        PackagedProcess query = started(PackagedProcess.service("query", logs, List.of(
                "kafka.bootstrap.servers=" + bootstrapServers, "quarkus.http.port=" + queryPort,
                "kafka-streams.state.dir=" + work.resolve("streams/query"))));

        // Each region: a namespace, a link to the root one (the broker) and one of its own to the targets.
        List<Namespace> regions = new ArrayList<>();
        List<NamespacedProber> probers = new ArrayList<>();
        for (String region : REGIONS) {
            Namespace side = lab.namespace(region);
            Link toRoot = lab.link(lab.root(), side);
            Link toTargets = lab.link(side, targetSide);
            side.route(lab.serviceNetwork(), toTargets.addressIn(targetSide));
            regions.add(side);
            probers.add(NamespacedProber.start(lab, side, toRoot, kafkaPort, "prober-" + region, region, logs,
                    List.of()));
        }
        for (PackagedProcess service : List.of(analyzer, query)) {
            int port = service == analyzer ? analyzerPort : queryPort;
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> PackagedProcess.isReady(port) || !service.isAlive());
            assertThat(service.isAlive()).as(service.describe()).isTrue();
        }
        for (NamespacedProber prober : probers) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> prober.isReady() || !prober.process().isAlive());
            assertThat(prober.process().isAlive()).as(prober.process().describe()).isTrue();
        }
        assertThat(Files.readString(serversLog)).contains("ready");

        register(TARGET, shop);
        register(BYSTANDER, blog);
        awaitTarget(TARGET, target -> state(target).equals("UP") && regionsIn(target, "UP") == 3);
        awaitTarget(BYSTANDER, target -> state(target).equals("UP") && regionsIn(target, "UP") == 3);
        // What happens from here on is the test's doing (the servers' first, cold answers are behind).
        Instant settled = Instant.now();

        Namespace eu = regions.get(0);
        Namespace us = regions.get(1);
        cutOff(eu, shop);
        JsonNode oneCut = awaitTarget(TARGET, target -> state(target).equals("DEGRADED"));
        assertThat(region(oneCut, "eu").path("state").asText()).isEqualTo("DOWN");
        assertThat(region(oneCut, "eu").path("lastFailureKind").asText()).isEqualTo("TIMEOUT");
        assertThat(regionsIn(oneCut, "UP")).isEqualTo(2);

        cutOff(us, shop);
        JsonNode twoCut = awaitTarget(TARGET, target -> state(target).equals("DOWN"));
        String incident = twoCut.at("/status/openIncidentId").asText();
        assertThat(incident).isNotBlank();

        reconnect(eu, shop);
        reconnect(us, shop);
        awaitTarget(TARGET, target -> state(target).equals("UP") && regionsIn(target, "UP") == 3);

        // Every prober of one region is killed: the region goes stale and leaves the vote.
        probers.get(2).process().kill();
        awaitTarget(TARGET, target -> region(target, "ap").path("state").asText().equals("STALE"));
        JsonNode stale = awaitTarget(BYSTANDER, target -> region(target, "ap").path("state").asText()
                .equals("STALE"));
        assertThat(state(stale)).isEqualTo("UP");
        // One of the two regions left cut off: one of two is a minority, DEGRADED, not DOWN.
        cutOff(eu, shop);
        JsonNode degradedWithTwo = awaitTarget(TARGET, target -> state(target).equals("DEGRADED"));
        assertThat(region(degradedWithTwo, "eu").path("state").asText()).isEqualTo("DOWN");
        assertThat(region(degradedWithTwo, "ap").path("state").asText()).isEqualTo("STALE");
        assertThat(state(target(BYSTANDER))).isEqualTo("UP");

        // What alerting consumers saw: one incident, opened when two regions were cut off and closed on recovery;
        // no incident and no silence (NO_DATA) for the bystander, and none for the target after the kill.
        List<HealthEvent> events = committedEvents(bootstrapServers, 2).stream()
                .filter(event -> event.getOccurredAt().isAfter(settled)).toList();
        List<HealthEvent> ofTarget = events.stream().filter(event -> event.getSubject().equals(TARGET)).toList();
        assertThat(ofTarget).filteredOn(event -> event.getType() == HealthEventType.TARGET_DOWN)
                .singleElement().satisfies(down -> assertThat(down.getPeriodId()).isEqualTo(incident));
        assertThat(ofTarget).filteredOn(event -> event.getType() == HealthEventType.TARGET_UP)
                .singleElement().satisfies(up -> assertThat(up.getPeriodId()).isEqualTo(incident));
        // Degraded by each single cut-off (and maybe on the way back up, when one of two recovers first).
        assertThat(ofTarget).filteredOn(event -> event.getType() == HealthEventType.TARGET_DEGRADED)
                .hasSizeGreaterThanOrEqualTo(2);
        assertThat(ofTarget.get(ofTarget.size() - 1).getType()).isEqualTo(HealthEventType.TARGET_DEGRADED);
        assertThat(events).noneMatch(event -> event.getType() == HealthEventType.NO_DATA);
        assertThat(events).filteredOn(event -> event.getSubject().equals(BYSTANDER))
                .noneMatch(event -> event.getType() == HealthEventType.TARGET_DOWN
                        || event.getType() == HealthEventType.TARGET_DEGRADED);
        assertThat(probers.subList(0, 2)).allMatch(prober -> prober.process().isAlive());
    }

    /** A DROP rule in the region's own namespace: its probes of {@code address} get no answer at all. */
    private static void cutOff(Namespace region, String address) {
        region.iptables("-A", "OUTPUT", "-d", address, "-j", "DROP");
    }

    private static void reconnect(Namespace region, String address) {
        region.iptables("-D", "OUTPUT", "-d", address, "-j", "DROP");
    }

    private void register(String id, String address) throws IOException, InterruptedException {
        // Timeout and staleness generous enough for a machine busy with other builds, short enough for the test.
        String target = """
                {"name": "%s", "interval": "2s", "timeout": "1500ms", "failureThreshold": 2, "successThreshold": 1,
                 "staleAfter": "10s", "http": {"url": "http://%s/%s"}}""".formatted(id, address, id);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(api("/v1/targets/" + id))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(target))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
    }

    private JsonNode awaitTarget(String id, Predicate<JsonNode> condition) {
        return await().atMost(DETECTION).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> target(id), condition);
    }

    private JsonNode target(String id) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(api("/v1/targets/" + id)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private static String state(JsonNode target) {
        return target.path("state").asText();
    }

    private static JsonNode region(JsonNode target, String name) {
        for (JsonNode region : target.at("/status/regions")) {
            if (region.path("region").asText().equals(name)) {
                return region;
            }
        }
        return MissingNode.getInstance();
    }

    private static long regionsIn(JsonNode target, String state) {
        long count = 0;
        for (JsonNode region : target.at("/status/regions")) {
            count += region.path("state").asText().equals(state) ? 1 : 0;
        }
        return count;
    }

    /**
     * Every event on the topic, read as an alerting consumer would ({@code read_committed}), once the events of
     * both targets' closed incident are there.
     */
    private static List<HealthEvent> committedEvents(String bootstrapServers, int degradedPeriods) {
        try (var consumer = CommittedEvents.subscribe(bootstrapServers, TopicCatalogue.fromSettings(setting -> Optional.empty()))) {
            List<HealthEvent> seen = new ArrayList<>();
            await().atMost(DETECTION).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> seen.add(record.value()));
                return seen.stream().filter(event -> event.getSubject().equals(TARGET)
                        && event.getType() == HealthEventType.TARGET_DEGRADED).count() >= degradedPeriods
                        && seen.stream().anyMatch(event -> event.getType() == HealthEventType.TARGET_UP);
            });
            return seen;
        }
    }

    private URI api(String path) {
        return URI.create("http://localhost:" + queryPort + path);
    }

    private PackagedProcess started(PackagedProcess process) {
        return lab.own(process);
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
