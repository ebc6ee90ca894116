package dev.healthmon.prober.metrics;

import dev.healthmon.prober.check.NotCheckedReason;
import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.CheckType;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * The prober's meters, named {@code healthmon_prober_*} in Prometheus: probes by check type, outcome and failure
 * kind, runs not checked by reason, probe latency, schedule lag, in-flight probes and their open sockets, skipped
 * runs, assigned targets and partitions, buffered and dropped results.
 */
public final class ProberMetrics {

    private static final CheckType[] CHECK_TYPES = CheckType.values();
    private static final Outcome[] OUTCOMES = Outcome.values();
    private static final FailureKind[] FAILURE_KINDS = FailureKind.values();

    private final MeterRegistry registry;
    /** By check type, outcome and failure kind (or none), registered when first needed. */
    private final AtomicReferenceArray<Counter> probes =
            new AtomicReferenceArray<>(CHECK_TYPES.length * OUTCOMES.length * (FAILURE_KINDS.length + 1));
    /** By check type. */
    private final AtomicReferenceArray<Timer> latencies = new AtomicReferenceArray<>(CHECK_TYPES.length);
    private final Timer scheduleLag;
    private final Counter skippedRuns;
    private final Counter droppedResults;
    /** Every reason registered at once, so that an alert on their rate has a series to start from. */
    private final Map<NotCheckedReason, Counter> notChecked = new EnumMap<>(NotCheckedReason.class);

    public ProberMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.scheduleLag = Timer.builder("healthmon.prober.schedule.lag")
                .description("Actual start of a probe minus the time it was due")
                .publishPercentiles(0.5, 0.99)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        this.skippedRuns = Counter.builder("healthmon.prober.skipped.runs")
                .description("Runs not started because the previous run of the target was still in flight")
                .register(registry);
        this.droppedResults = Counter.builder("healthmon.prober.results.dropped")
                .description("Results dropped, oldest first, because the buffer for an unreachable broker was full")
                .register(registry);
        for (NotCheckedReason reason : NotCheckedReason.values()) {
            notChecked.put(reason, Counter.builder("healthmon.prober.runs.not.checked")
                    .description("Runs that checked nothing, and published no result, for a reason of the prober's"
                            + " own")
                    .tag("reason", reason.name())
                    .register(registry));
        }
    }

    // A dense table by ordinal, the cheapest lookup for every probe; the index never leaves this process.
    @SuppressWarnings("EnumOrdinal")
    public void probeCompleted(CheckResult result) {
        CheckType type = result.getCheckType();
        Outcome outcome = result.getOutcome();
        FailureKind kind = result.getFailureKind();
        // Looked up by position, not by a key built per probe: this runs for every probe.
        int index = (type.ordinal() * OUTCOMES.length + outcome.ordinal()) * (FAILURE_KINDS.length + 1)
                + (kind == null ? FAILURE_KINDS.length : kind.ordinal());
        Counter counter = probes.get(index);
        if (counter == null) {
            // Registering again returns the meter already registered, so a race between threads is harmless.
            counter = Counter.builder("healthmon.prober.probes")
                    .description("Completed probes")
                    .tag("check_type", type.name()).tag("outcome", outcome.name())
                    .tag("failure_kind", kind == null ? "none" : kind.name())
                    .register(registry);
            probes.set(index, counter);
        }
        counter.increment();
        if (result.getLatencyMicros() != null) {
            Timer latency = latencies.get(type.ordinal());
            if (latency == null) {
                latency = Timer.builder("healthmon.prober.probe.latency")
                        .description("Time a probe took")
                        .tag("check_type", type.name())
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofSeconds(60))
                        .register(registry);
                latencies.set(type.ordinal(), latency);
            }
            latency.record(result.getLatencyMicros(), TimeUnit.MICROSECONDS);
        }
    }

    public void notChecked(NotCheckedReason reason) {
        notChecked.get(reason).increment();
    }

    public void scheduleLag(long lagMs) {
        scheduleLag.record(Math.max(0, lagMs), TimeUnit.MILLISECONDS);
    }

    public void skippedRuns(long count) {
        skippedRuns.increment((double) count);
    }

    public void droppedResults(long count) {
        droppedResults.increment((double) count);
    }

    public void inFlight(Supplier<Number> probesInFlight) {
        gauge("healthmon.prober.probes.in.flight", "Probes running now", probesInFlight);
    }

    public void probeSockets(Supplier<Number> sockets) {
        gauge("healthmon.prober.probe.sockets", "Sockets the probes hold open now", sockets);
    }

    public void assignedTargets(Supplier<Number> targets) {
        gauge("healthmon.prober.assigned.targets", "Targets this instance probes", targets);
    }

    public void assignedPartitions(Supplier<Number> partitions) {
        gauge("healthmon.prober.assigned.partitions", "Partitions of the targets topic assigned to this instance",
                partitions);
    }

    public void bufferedResults(Supplier<Number> results) {
        gauge("healthmon.prober.results.buffered", "Results waiting to be acknowledged by the broker", results);
    }

    private void gauge(String name, String description, Supplier<Number> value) {
        io.micrometer.core.instrument.Gauge.builder(name, value).description(description).strongReference(true)
                .register(registry);
    }
}
