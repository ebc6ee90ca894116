package dev.healthmon.prober.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.healthmon.kafka.local.BootstrapServers;
import dev.healthmon.kafka.local.KafkaExtension;
import dev.healthmon.prober.ProberInstance;
import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.Outcome;
import dev.healthmon.schemas.TargetDefinition;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two probers of one region against a real broker: they split the targets without overlap, the survivor takes
 * over every target of one that crashes, and updates and deletions of targets take effect.
 */
@ExtendWith(KafkaExtension.class)
class ProberGroupTest {

    private static final String REGION = "eu";
    private static final long INTERVAL_MS = 1_000;
    private static final List<String> TARGETS = IntStream.range(0, 12).mapToObj(i -> "svc-" + i).toList();

    private Vertx vertx;
    private HttpServer server;
    private TestTopics topics;
    private ProberInstance proberA;
    private Process proberB;

    @BeforeEach
    void start(@BootstrapServers String bootstrapServers) {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer()
                .requestHandler(request -> request.response().setStatusCode(request.path().equals("/ok") ? 200 : 500)
                        .end())
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        topics = new TestTopics(bootstrapServers);
    }

    @AfterEach
    void stop() {
        if (proberB != null) {
            proberB.destroyForcibly();
        }
        if (proberA != null) {
            proberA.close();
        }
        topics.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    private Process startProcess(String instanceId) throws IOException {
        Path log = Path.of("target", "prober-process-" + instanceId + ".log");
        return new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-cp", System.getProperty("java.class.path"), ProberProcess.class.getName(),
                topics.bootstrapServers(), topics.prefix, REGION, instanceId)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** The probers that published results for each target, from results that started at or after {@code since}. */
    private Map<String, Set<String>> probersByTarget(Instant since) {
        Map<String, Set<String>> probers = new HashMap<>();
        for (CheckResult result : topics.results) {
            if (!result.getStartedAt().isBefore(since)) {
                probers.computeIfAbsent(result.getTargetId(), id -> new HashSet<>()).add(result.getProberId());
            }
        }
        return probers;
    }

    private Instant lastInterval(int intervals) {
        return Instant.now().minusMillis(intervals * INTERVAL_MS);
    }

    @Test
    void twoInstancesSplitTheTargetsAndTheSurvivorTakesOverAfterACrash() throws Exception {
        for (String id : TARGETS) {
            topics.put(TestTargets.http(id, url("/ok"), INTERVAL_MS).build());
        }
        topics.put(TestTargets.http("other-region", url("/ok"), INTERVAL_MS).setRegions(List.of("us")).build());
        topics.put(TestTargets.http("both-regions", url("/ok"), INTERVAL_MS).setRegions(List.of("us", REGION))
                .build());
        topics.put(TestTargets.http("paused", url("/ok"), INTERVAL_MS).setEnabled(false).build());
        topics.put(TestTargets.heartbeat("pushed"));
        List<String> probed = new java.util.ArrayList<>(TARGETS);
        probed.add("both-regions");

        proberA = TestProbers.start(TestProbers.settings(topics.bootstrapServers(), REGION, "prober-a", 10_000,
                Duration.ofSeconds(30)), topics.prefix, new SimpleMeterRegistry());
        proberB = startProcess("prober-b");

        // Once the group has settled, every target is probed by exactly one of the two, and both have a share.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Map<String, Set<String>> recent = probersByTarget(lastInterval(3));
            return recent.keySet().containsAll(probed)
                    && recent.values().stream().allMatch(probers -> probers.size() == 1)
                    && recent.values().stream().flatMap(Set::stream).distinct().count() == 2;
        });
        Instant settled = Instant.now();
        await().during(Duration.ofMillis(3 * INTERVAL_MS)).atMost(Duration.ofSeconds(10))
                .until(() -> probersByTarget(settled).values().stream().allMatch(probers -> probers.size() == 1));
        assertThat(probersByTarget(Instant.EPOCH)).doesNotContainKeys("other-region", "paused", "pushed");
        Set<String> ownedByB = probersByTarget(settled).entrySet().stream()
                .filter(entry -> entry.getValue().contains("prober-b")).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        assertThat(ownedByB).isNotEmpty();

        // A crash: no goodbye to the group, which notices only when the session times out.
        proberB.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        Instant crash = Instant.now();
        Duration takeover = TestProbers.SESSION_TIMEOUT.plusMillis(INTERVAL_MS);
        // Rejoining the group after the timeout takes up to a heartbeat and a round of join and sync.
        Duration slack = Duration.ofSeconds(5);
        await().atMost(takeover.plus(slack).plusSeconds(5)).until(() -> probersByTarget(crash).entrySet().stream()
                .filter(entry -> entry.getValue().contains("prober-a")).map(Map.Entry::getKey)
                .collect(Collectors.toSet()).containsAll(ownedByB));
        for (String id : ownedByB) {
            Instant firstByA = topics.results.stream()
                    .filter(result -> result.getTargetId().equals(id) && result.getProberId().equals("prober-a")
                            && result.getStartedAt().isAfter(crash))
                    .map(CheckResult::getStartedAt).min(Instant::compareTo).orElseThrow();
            assertThat(Duration.between(crash, firstByA)).as("take-over of %s", id)
                    .isLessThanOrEqualTo(takeover.plus(slack));
        }
    }

    @Test
    void updatesAndDeletionsTakeEffect() {
        topics.putMalformed("garbage", "not a target".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (String id : List.of("changing", "deleted", "disabled")) {
            topics.put(TestTargets.http(id, url("/ok"), 500).build());
        }
        proberA = TestProbers.start(TestProbers.settings(topics.bootstrapServers(), REGION, "prober-a", 10_000,
                Duration.ofSeconds(30)), topics.prefix, new SimpleMeterRegistry());
        await().atMost(Duration.ofSeconds(60)).until(() -> probersByTarget(Instant.EPOCH).keySet()
                .containsAll(List.of("changing", "deleted", "disabled")));
        assertThat(proberA.isReady()).isTrue();
        // The malformed record was skipped; reading went on past it.
        assertThat(proberA.scheduledTargets()).isEqualTo(3);

        topics.put(TestTargets.http("changing", url("/broken"), 500).build());
        Instant changed = Instant.now();
        await().atMost(Duration.ofSeconds(10)).until(() -> topics.results.stream().anyMatch(result ->
                result.getTargetId().equals("changing") && result.getStartedAt().isAfter(changed)
                        && result.getOutcome() == Outcome.DOWN && result.getFailureKind() == FailureKind.HTTP_STATUS
                        && result.getStatusCode() == 500));

        topics.delete("deleted");
        TargetDefinition disabled = TestTargets.http("disabled", url("/ok"), 500).setEnabled(false).build();
        topics.put(disabled);
        // Give the prober time to read both records, then no run of either may start any more.
        await().atMost(Duration.ofSeconds(10)).until(() -> proberA.scheduledTargets() == 1);
        Instant stopped = Instant.now();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> topics.results.stream()
                .noneMatch(result -> !result.getTargetId().equals("changing")
                        && result.getStartedAt().isAfter(stopped)));
        assertThat(probersByTarget(stopped)).containsOnlyKeys("changing");
    }
}
