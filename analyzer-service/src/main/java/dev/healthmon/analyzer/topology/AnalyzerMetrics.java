package dev.healthmon.analyzer.topology;

import dev.healthmon.schemas.Granularity;
import dev.healthmon.schemas.HealthEventType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The analyzer's own meters, which Quarkus publishes on {@code /q/metrics} in Prometheus format, and the bounded-rate
 * warnings that go with the counts of records it cannot use.
 */
public final class AnalyzerMetrics {

    private static final Logger LOG = Logger.getLogger(AnalyzerMetrics.class);
    private static final Duration WARNING_INTERVAL = Duration.ofMinutes(1);

    private final MeterRegistry registry;
    private final Counter resultsApplied;
    private final Counter resultsForUnknownTargets;
    private final Counter resultsRerouted;
    private final ThrottledLog unknownTargetWarnings;
    private final Map<HealthEventType, Counter> eventsByType = new EnumMap<>(HealthEventType.class);
    private final Timer punctuation;
    private final Timer endToEndLag;

    public AnalyzerMetrics(MeterRegistry registry) {
        this.registry = registry;
        resultsApplied = Counter.builder("healthmon.analyzer.results").tag("outcome", "processed")
                .description("Check results processed").register(registry);
        resultsForUnknownTargets = Counter.builder("healthmon.analyzer.results").tag("outcome", "unknown_target")
                .description("Check results dropped because their target is not defined").register(registry);
        resultsRerouted = Counter.builder("healthmon.analyzer.results.rerouted")
                .description("Check results found in another partition than their target id's, re-routed to it")
                .register(registry);
        unknownTargetWarnings = new ThrottledLog("Results for undefined targets, dropped",
                WARNING_INTERVAL, System::nanoTime, LOG::warn);
        for (HealthEventType type : HealthEventType.values()) {
            eventsByType.put(type, Counter.builder("healthmon.analyzer.events").tag("type", type.name())
                    .description("Health events emitted, by type").register(registry));
        }
        punctuation = Timer.builder("healthmon.analyzer.punctuation")
                .description("Time one wall-clock punctuation took over all of a task's targets")
                .publishPercentileHistogram().register(registry);
        endToEndLag = Timer.builder("healthmon.analyzer.end.to.end.lag")
                .description("From a result's start time to the status whose headline it changed being sent")
                .publishPercentileHistogram().register(registry);
    }

    void resultProcessed() {
        resultsApplied.increment();
    }

    void resultForUnknownTarget(String targetId) {
        resultsForUnknownTargets.increment();
        unknownTargetWarnings.occurred(targetId);
    }

    void resultRerouted() {
        resultsRerouted.increment();
    }

    void lateResultDropped(Granularity granularity) {
        registry.counter("healthmon.analyzer.uptime.late.results", "granularity", granularity.name()).increment();
    }

    void eventEmitted(HealthEventType type) {
        eventsByType.get(type).increment();
    }

    void deadLettered(String sourceTopic) {
        registry.counter("healthmon.analyzer.dead.letters", "topic", sourceTopic).increment();
    }

    void punctuated(Duration took) {
        punctuation.record(took);
    }

    void statusSent(Duration sinceResultStarted) {
        // A prober's clock ahead of ours would make it negative; that is no lag.
        endToEndLag.record(sinceResultStarted.isNegative() ? Duration.ZERO : sinceResultStarted);
    }
}
