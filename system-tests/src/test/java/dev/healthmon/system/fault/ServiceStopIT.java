package dev.healthmon.system.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.healthmon.system.load.LoadGenerator;
import dev.healthmon.system.load.LoadPlan;
import dev.healthmon.system.load.LoadTargets;
import dev.healthmon.topic.TopicCatalogue;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop is bounded even when the broker cannot be reached: with the broker stopped, SIGTERM to the analyzer, the
 * query service and a prober ends each within the services' stop bound ({@code healthmon.stop.timeout}, 20 s by
 * default), and one that had to give up on a Kafka client says which in its log.
 */
class ServiceStopIT {

    private static final Duration BOUND = Duration.ofSeconds(20);
    private static final Pattern GAVE_UP = Pattern.compile("Gave up on: ([^;]*);");
    // The JVM's own exit after the halt, and the test's polling.
    private static final Duration EXIT_SLACK = Duration.ofSeconds(3);

    @TempDir
    Path work;
    private FaultStack stack;

    @AfterEach
    void stop() throws InterruptedException {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void sigtermStopsEveryServiceWithinTheBoundWhileTheBrokerIsDown() throws Exception {
        stack = FaultStack.withBrokerProcess(work);
        List<FaultStack.Service> services = List.of(stack.startAnalyzer("stop-analyzer"),
                stack.startQuery("stop-query"),
                // A region no target names: it holds its Kafka clients, and probes nothing.
                stack.startProber("stop-prober", "stop-test"));
        services.forEach(FaultStack::awaitReady);
        // Under load, so that the analyzer has a transaction open and the query service records to read when the
        // broker goes: the broker is killed, as a crash or a lost network would take it.
        LoadPlan plan = LoadPlan.of("stop", 100, LoadPlan.THREE_REGIONS, Duration.ofSeconds(1));
        Map<String, Object> producer = LoadGenerator.producerConfig(stack.bootstrapServers());
        TopicCatalogue topics = TopicCatalogue.defaults();
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
}
