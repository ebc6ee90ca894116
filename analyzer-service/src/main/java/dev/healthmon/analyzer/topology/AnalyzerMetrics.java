package dev.healthmon.analyzer.topology;

import dev.healthmon.schemas.Granularity;
import dev.healthmon.schemas.HealthEventType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** The analyzer's own meters; Quarkus publishes them on {@code /q/metrics} in Prometheus format. */
public final class AnalyzerMetrics {

    private final MeterRegistry registry;
    private final Counter resultsApplied;
    private final Counter resultsForUnknownTargets;
    private final Map<HealthEventType, Counter> eventsByType = new EnumMap<>(HealthEventType.class);
    private final Timer punctuation;
    private final Timer endToEndLag;

    public AnalyzerMetrics(MeterRegistry registry) {
        this.registry = registry;
        resultsApplied = Counter.builder("healthmon.analyzer.results").tag("outcome", "processed")
                .description("Check results processed").register(registry);
        resultsForUnknownTargets = Counter.builder("healthmon.analyzer.results").tag("outcome", "unknown_target")
                .description("Check results dropped because their target is not defined").register(registry);
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

    void resultForUnknownTarget() {
        resultsForUnknownTargets.increment();
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
