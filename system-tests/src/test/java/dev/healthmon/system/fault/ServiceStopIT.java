package dev.healthmon.system.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.healthmon.system.load.LoadGenerator;
import dev.healthmon.system.load.LoadPlan;
import dev.healthmon.system.load.LoadTargets;
import dev.healthmon.topic.TopicCatalogue;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping the services. A query service stopped while it serves writes answers each either as it would have, or with
 * 503 (retry elsewhere), never with an error of its own. A stop is bounded even when the broker cannot be reached:
 * with the broker stopped, SIGTERM to the analyzer, the query service and a prober ends each within the services'
 * stop bound ({@code healthmon.stop.timeout}, 20 s by default), and one that had to give up on a Kafka client says
 * which in its log. The cases share one broker, killed by the second.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServiceStopIT {

    private static final Duration BOUND = Duration.ofSeconds(20);
    private static final Pattern GAVE_UP = Pattern.compile("Gave up on: ([^;]*);");
    // The JVM's own exit after the halt, and the test's polling.
    private static final Duration EXIT_SLACK = Duration.ofSeconds(3);
    private static final String HEARTBEAT_TARGET = "stop-heartbeat";
    private static final Set<Integer> ANSWERED_OR_REFUSED = Set.of(200, 201, 202, 503);

    @TempDir
    static Path work;
    private FaultStack stack;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    void startTheBroker() throws IOException {
        stack = FaultStack.withBrokerProcess(work);
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (stack != null) {
            stack.close();
        }
    }

    /** One request's outcome: its HTTP status, or the I/O error that ended it (the server had closed). */
    private record Answer(Instant sent, OptionalInt status, String error) {
    }

    @Test
    @Order(1)
    void aQueryServiceStoppedWhileItTakesWritesAnswersEachOrRefusesItWith503() throws Exception {
        FaultStack.Service query = stack.startQuery("writes-query");
        FaultStack.awaitReady(query);
        URI base = URI.create("http://localhost:" + query.port());
        assertThat(send(put(base, HEARTBEAT_TARGET, """
                {"name": "stop test", "heartbeat": {"ttl": "1m"}, "interval": "1m", "timeout": "1s"}""")).status()
                .orElse(0)).isBetween(200, 201);
        // Readable, so that heartbeats are accepted (202) rather than refused for an unknown target (404).
        await().atMost(Duration.ofSeconds(60)).until(() -> send(HttpRequest.newBuilder(base.resolve(
                "/v1/targets/" + HEARTBEAT_TARGET)).build()).status().orElse(0) == 200);

        // Writers of both kinds (a definition, a heartbeat) keep writing through the stop, until refused.
        List<Answer> answers = new CopyOnWriteArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            Thread thread = new Thread(() -> {
                for (int n = 0; writing.get() && query.process().isAlive(); n++) {
                    answers.add(send(writer % 2 == 0
                            ? put(base, "stop-w" + writer + "-" + n, """
                                    {"name": "stop test", "interval": "10s", "timeout": "1s",
                                     "http": {"url": "http://127.0.0.1:9/"}}""")
                            : HttpRequest.newBuilder(base.resolve("/v1/targets/" + HEARTBEAT_TARGET + "/heartbeats"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build()));
                }
            }, "stop-writer-" + writer);
            thread.start();
            writers.add(thread);
        }
        Instant signalled;
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> answers.stream()
                    .filter(a -> a.status().orElse(0) / 100 == 2).count() >= 20);
            signalled = Instant.now();
            query.process().terminate();
            assertThat(query.process().awaitExit(BOUND.plus(EXIT_SLACK))).as(query.process().describe()).isPresent();
        } finally {
            writing.set(false);
            for (Thread writer : writers) {
                writer.join(10_000);
            }
        }
        List<Answer> afterSignal = answers.stream().filter(a -> !a.sent().isBefore(signalled)).toList();
        assertThat(answers).as("every answer is what the write would get, or 503").allSatisfy(answer -> answer.status()
                .ifPresent(status -> assertThat(status).as("%s", answer).isIn(ANSWERED_OR_REFUSED)));
        assertThat(answers).filteredOn(a -> a.sent().isBefore(signalled)).as("writes in flight at the signal")
                .allMatch(a -> a.status().isPresent());
        assertThat(afterSignal).as("writes were answered during the stop").anyMatch(a -> a.status().isPresent());
        FaultReport.record("writes to a query service being stopped", afterSignal.stream()
                .collect(Collectors.groupingBy(a -> a.status().isPresent() ? "HTTP " + a.status().getAsInt()
                        : "connection closed", TreeMap::new, Collectors.counting()))
                + " after SIGTERM, " + answers.size() + " writes in all");
    }

    @Test
    @Order(2)
    void sigtermStopsEveryServiceWithinTheBoundWhileTheBrokerIsDown() throws Exception {
        List<FaultStack.Service> services = List.of(stack.startAnalyzer("stop-analyzer"),
                stack.startQuery("stop-query"),
                // A region no target names: it holds its Kafka clients, and probes nothing.
                stack.startProber("stop-prober", "stop-test"));
        services.forEach(FaultStack::awaitReady);
        // Under load, so that the analyzer has a transaction open and the query service records to read when the
        // broker goes: the broker is killed, as a crash or a lost network would take it.
        LoadPlan plan = LoadPlan.of("stop", 100, LoadPlan.THREE_REGIONS, Duration.ofSeconds(1));
        Map<String, Object> producer = LoadGenerator.producerConfig(stack.bootstrapServers());
        TopicCatalogue topics = TopicCatalogue.fromSettings(setting -> Optional.empty());
        LoadTargets.register(producer, topics.targets(), plan.targets().stream()
                .map(id -> LoadTargets.definition(id, plan).build()).toList());
        LoadGenerator load = LoadGenerator.start(producer, topics.checkResults(), plan);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> load.stats().acknowledged() > 1_000);
            stack.killBroker();
            await().atMost(Duration.ofSeconds(30)).until(() -> load.stats().made() > load.stats().acknowledged() + 300);
        } finally {
            // What the broker never took is of no use to this test.
            load.close(Duration.ZERO);
        }
        Instant signalled = Instant.now();
        services.forEach(service -> service.process().terminate());

        Map<FaultStack.Service, Instant> exited = new HashMap<>();
        await().atMost(BOUND.plusSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            services.stream().filter(s -> !s.process().isAlive()).forEach(s -> exited.putIfAbsent(s, Instant.now()));
            return exited.size() == services.size();
        });
        List<String> figures = new ArrayList<>();
        for (FaultStack.Service service : services) {
            OptionalInt status = service.process().awaitExit(Duration.ZERO);
            Duration took = Duration.between(signalled, exited.get(service));
            assertThat(took).as("%s stops within the bound: %s", service.name(), service.process().describe())
                    .isLessThan(BOUND.plus(EXIT_SLACK));
            String log = service.process().log();
            if (status.getAsInt() == 124) {
                // Halted: it says what it gave up on and where the stop was stuck.
                assertThat(log).contains("halting with exit status 124", "Gave up on:");
            } else {
                assertThat(status.getAsInt()).as(service.process().describe()).isIn(0, 143);
            }
            Matcher gaveUp = GAVE_UP.matcher(log);
            figures.add(service.module() + " " + FaultReport.seconds(took) + " (exit " + status.getAsInt()
                    + (gaveUp.find() ? ", gave up on " + gaveUp.group(1) : "") + ")");
        }
        FaultReport.record("SIGTERM while the broker is down", String.join(", ", figures));
    }

    private static HttpRequest put(URI base, String id, String definition) {
        return HttpRequest.newBuilder(base.resolve("/v1/targets/" + id)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(definition)).build();
    }

    private Answer send(HttpRequest request) {
        Instant sent = Instant.now();
        try {
            return new Answer(sent, OptionalInt.of(http.send(HttpRequest.newBuilder(request, (name, value) -> true)
                    .timeout(Duration.ofSeconds(40)).build(), HttpResponse.BodyHandlers.discarding()).statusCode()),
                    null);
        } catch (IOException e) {
            return new Answer(sent, OptionalInt.empty(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(sent, OptionalInt.empty(), e.toString());
        }
    }
}
