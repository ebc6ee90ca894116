package dev.healthmon.system.fault;

import static org.awaitility.Awaitility.await;

import dev.healthmon.schemas.CircuitBreakerSettings;
import dev.healthmon.schemas.HealthEvent;
import dev.healthmon.schemas.HealthEventType;
import dev.healthmon.schemas.Quorum;
import dev.healthmon.schemas.TargetDefinition;
import dev.healthmon.system.load.LoadGenerator;
import dev.healthmon.system.load.LoadPlan;
import dev.healthmon.system.load.LoadTargets;
import dev.healthmon.system.load.Outage;
import dev.healthmon.topic.TopicCatalogue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One fault case: a population of targets probed by a {@link LoadGenerator} in three regions (most healthy
 * throughout, some failing at known times, some whose probers stop), the events topic read as an alerting consumer
 * reads it, and the analyzer group's progress. The case body causes the fault; {@link #finish} stops the probers,
 * waits until the analyzer has processed everything, and hands back the events and what they should have been.
 */
final class FaultCase implements AutoCloseable {

    static final Duration INTERVAL = Duration.ofSeconds(1);
    /**
     * Targets' {@code staleAfter}: silence longer than this is {@code NO_DATA}. Above the default (2.5 s at this
     * interval), so that a pause of the load generator's or the broker's own on a busy machine is not a real
     * silence; far below every fault, so that judging by the wall clock while behind would show.
     */
    static final Duration STALE_AFTER = Duration.ofSeconds(5);
    private static final int SINGLE_REGION = 30;
    private static final Duration STEADY = Duration.ofMinutes(3);
    // The circuit half-opens quickly, so that every circuit period of an outage has closed by the case's end.
    private static final CircuitBreakerSettings CIRCUIT = new CircuitBreakerSettings(5, 3, 3_000L, 3);

    /** What the probers really did: the truth the events are audited against. */
    record Truth(List<String> healthy, List<Outage> outages, Map<String, Instant> silencedAt, Duration staleAfter) {
    }

    /** The case's events, once the analyzer has processed every result. */
    record Outcome(Truth truth, List<HealthEvent> allEvents, Map<String, List<HealthEvent>> byTarget,
            List<EventLog.Received> received, Instant cut) {

        List<String> violations() {
            return EventAudit.violations(allEvents, truth, byTarget);
        }

        String summary() {
            Map<String, List<HealthEvent>> uncut = received.stream().map(EventLog.Received::event)
                    .collect(Collectors.groupingBy(HealthEvent::getSubject, LinkedHashMap::new, Collectors.toList()));
            return EventAudit.summary(violations(), byTarget, truth.healthy(), uncut, cut);
        }

        /** From result to readable event, for each incident opened by an outage that began within the window. */
        List<Duration> detectionLatencies(Instant from, Instant to) {
            Set<String> began = truth.outages().stream()
                    .filter(o -> !o.from().isBefore(from) && !o.from().isAfter(to)).map(Outage::targetId)
                    .collect(Collectors.toSet());
            return received.stream().filter(r -> r.event().getType() == HealthEventType.TARGET_DOWN)
                    .filter(r -> began.contains(r.event().getSubject()))
                    .map(r -> Duration.between(r.event().getOccurredAt(), r.readAt())).sorted().toList();
        }
    }

    private final List<String> healthy;
    private final List<String> failing;
    private final List<String> silenced;
    private final LoadGenerator load;
    private final EventLog events;
    private final GroupProgress progress;
    private final Instant started = Instant.now();
    private final List<Outage> outages = new ArrayList<>();
    private final Map<String, Instant> silencedAt = new LinkedHashMap<>();

    private FaultCase(String name, Kafka kafka, int healthyCount, int failingCount, int silencedCount,
            Optional<String> singleRegion) {
        // Healthy targets probed from one region alone: nothing but that region's probers tells they are alive.
        List<String> single = singleRegion.map(region -> LoadPlan.ids(name + "-healthy-" + region, SINGLE_REGION))
                .orElse(List.of());
        this.healthy = Stream.concat(LoadPlan.ids(name + "-healthy", healthyCount).stream(), single.stream())
                .toList();
        this.failing = LoadPlan.ids(name + "-failing", failingCount);
        this.silenced = LoadPlan.ids(name + "-silenced", silencedCount);
        LoadPlan everywhere = new LoadPlan(Stream.of(healthy, failing, silenced).flatMap(List::stream).toList(),
                LoadPlan.THREE_REGIONS, INTERVAL);
        LoadPlan plan = singleRegion.map(region -> everywhere.probedOnlyFrom(single, region)).orElse(everywhere);
        List<TargetDefinition> definitions = new ArrayList<>();
        Stream.concat(healthy.stream(), silenced.stream()).forEach(id -> definitions.add(
                LoadTargets.definition(id, plan).setStaleAfterMs(STALE_AFTER.toMillis()).build()));
        // Any one region DOWN is DOWN: the target goes straight from UP to DOWN and back, never DEGRADED.
        failing.forEach(id -> definitions.add(LoadTargets.definition(id, plan).setQuorum(Quorum.ANY)
                .setFailureThreshold(2).setSuccessThreshold(1).setStaleAfterMs(STALE_AFTER.toMillis())
                .setCircuitBreaker(CIRCUIT).build()));
        Map<String, Object> producer = LoadGenerator.producerConfig(kafka.bootstrapServers());
        LoadTargets.register(producer, kafka.topics().targets(), definitions);
        this.events = EventLog.fromNow(kafka.bootstrapServers(), kafka.topics().events());
        List<AutoCloseable> opened = new ArrayList<>(List.of(events));
        try {
            this.progress = new GroupProgress(kafka.bootstrapServers(), kafka.analyzerGroup(),
                    kafka.topics().checkResults().name(), kafka.topics().checkResults().partitions());
            opened.add(0, progress);
            this.load = LoadGenerator.start(producer, kafka.topics().checkResults(), plan);
        } catch (RuntimeException | Error e) {
            // The caller never gets the case to close: what was opened is closed here.
            Closing.after(e, opened);
            throw e;
        }
    }

    /** Where the case's Kafka is, its topics, and the analyzer's consumer group. */
    record Kafka(String bootstrapServers, TopicCatalogue topics, String analyzerGroup) {
    }

    /**
     * Registers the suite's targets, 500 (470 healthy, 20 that will fail, 10 that will fall silent; ids starting with
     * {@code name}), and starts probing all of them every second from three regions: 1,500 results/s.
     */
    static FaultCase start(String name, Kafka kafka) {
        return new FaultCase(name, kafka, 470, 20, 10, Optional.empty());
    }

    /**
     * As {@link #steady}, with 30 more healthy targets probed from {@code region} alone: a region whose probers deliver
     * late shows in them first.
     */
    static FaultCase steadyWithTargetsOnlyIn(String region, String name, Kafka kafka) {
        FaultCase fault = new FaultCase(name, kafka, 470, 20, 10, Optional.of(region));
        fault.awaitSteady(STEADY);
        return fault;
    }

    /** As {@link #start}, and returns once the analyzer keeps up with the targets. */
    static FaultCase steady(String name, Kafka kafka) {
        FaultCase fault = start(name, kafka);
        fault.awaitSteady(STEADY);
        return fault;
    }

    LoadGenerator load() {
        return load;
    }

    GroupProgress progress() {
        return progress;
    }

    /** Waits until every target has reported for longer than a silence would take, and the analyzer keeps up. */
    void awaitSteady(Duration atMost) {
        Instant settled = started.plus(STALE_AFTER).plusSeconds(2);
        await().atMost(atMost).pollInterval(Duration.ofMillis(250))
                .until(() -> Instant.now().isAfter(settled)
                        && progress.caughtUp(settled, Duration.ofSeconds(1)).isPresent());
    }

    /**
     * The failing targets fail one after the other from {@code first}, spread over {@code spread}, each for
     * {@code length}; returns their outages.
     */
    List<Outage> failFrom(Instant first, Duration spread, Duration length) {
        for (int i = 0; i < failing.size(); i++) {
            Instant from = first.plus(spread.multipliedBy(i).dividedBy(Math.max(1, failing.size())));
            Outage outage = Outage.everywhere(failing.get(i), from, from.plus(length));
            load.addOutage(outage);
            outages.add(outage);
        }
        return List.copyOf(outages);
    }

    /**
     * What every fault case does as its fault begins: the failing targets fail one after the other from 2 s after
     * {@code began}, spread over 4 s, each for {@code outage}; the silenced targets' probers stop now.
     */
    void faultBegan(Instant began, Duration outage) {
        failFrom(began.plusSeconds(2), Duration.ofSeconds(4), outage);
        silence();
    }

    /** The probers of the silenced targets stop now, in every region. */
    Instant silence() {
        Instant at = load.silence(silenced);
        silenced.forEach(id -> silencedAt.put(id, at));
        return at;
    }

    /** As {@link #finish}, once every outage has ended and every circuit period it opened has closed. */
    Outcome finishOnceRecovered(Duration atMost) {
        Instant lastRecovery = outages.stream().map(Outage::until).max(Instant::compareTo).orElse(started);
        // A circuit half-opens 3 s after it opened or reopened and closes on the third success.
        Instant settled = lastRecovery.plusSeconds(8);
        await().atMost(Duration.between(Instant.now(), settled).plus(atMost)).pollInterval(Duration.ofMillis(100))
                .until(() -> !Instant.now().isBefore(settled));
        return finish(atMost);
    }

    /**
     * Stops the probers, waits until the analyzer has processed every result they sent and this case has read
     * every event committed since, and returns the events dated up to the stop (the silence after it is not the
     * case's).
     */
    Outcome finish(Duration atMost) {
        Instant cut = Instant.now();
        awaitProcessed(stopProbers(), atMost);
        events.awaitEverythingCommitted(atMost);
        return outcome(new Truth(healthy, List.copyOf(outages), Map.copyOf(silencedAt), STALE_AFTER), cut);
    }

    /**
     * The case of every prober stopping for good: its events, when the probers stopped, and when the analyzer had
     * read everything they sent.
     */
    record EveryProberStopped(Outcome outcome, Instant stopped, Instant caughtUp) {
    }

    /**
     * Every prober stops for good, now; waits until the analyzer has processed every result they sent, then until
     * every target has said {@code NO_DATA} or {@code staleAfter} plus {@code slack} has passed since, and returns the
     * events: one {@code NO_DATA} per target is the truth.
     */
    EveryProberStopped stopEveryProber(Duration atMost, Duration slack) {
        Instant stopped = Instant.now();
        Instant delivered = stopProbers();
        Stream.of(healthy, failing, silenced).flatMap(List::stream).forEach(id -> silencedAt.put(id, stopped));
        Instant caughtUp = awaitProcessed(delivered, atMost);
        Instant deadline = caughtUp.plus(STALE_AFTER).plus(slack);
        await().atMost(Duration.between(Instant.now(), deadline).plusSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> Instant.now().isAfter(deadline) || events.received().stream().map(EventLog.Received::event)
                        .filter(e -> e.getType() == HealthEventType.NO_DATA).map(HealthEvent::getSubject)
                        .collect(Collectors.toSet()).containsAll(silencedAt.keySet()));
        events.awaitEverythingCommitted(atMost);
        Outcome outcome = outcome(new Truth(List.of(), List.copyOf(outages), Map.copyOf(silencedAt), STALE_AFTER),
                Instant.now());
        return new EveryProberStopped(outcome, stopped, caughtUp);
    }

    /** Stops the probers once they have delivered what they made; returns when every result was acknowledged. */
    private Instant stopProbers() {
        load.close();
        LoadGenerator.Stats stats = load.stats();
        if (stats.failed() > 0 || stats.acknowledged() != stats.made()) {
            throw new AssertionError("The load generator lost results: " + stats);
        }
        // Results made late by a pause of the generator's own are a real silence: the truth would be ambiguous.
        if (stats.maxPacingLag().compareTo(STALE_AFTER.minus(INTERVAL).minusSeconds(1)) > 0) {
            throw new AssertionError("The load generator itself fell behind its pace by " + stats.maxPacingLag()
                    + ", so its targets' silence is not known: " + stats);
        }
        return Instant.now();
    }

    /** Waits until the analyzer has committed every result acknowledged before {@code delivered}; returns when. */
    private Instant awaitProcessed(Instant delivered, Duration atMost) {
        // The end offsets of a sample taken after the delivery count every result.
        GroupProgress.Sample end = await().atMost(atMost).until(() -> progress.sampleAfter(delivered),
                Optional::isPresent).orElseThrow();
        await().atMost(atMost).pollInterval(Duration.ofMillis(250)).until(() -> progress.hasCommittedTheEndOf(end));
        return Instant.now();
    }

    /** The case's events, those about its targets dated up to {@code cut}, audited against {@code truth}. */
    private Outcome outcome(Truth truth, Instant cut) {
        List<EventLog.Received> received = events.received();
        Set<String> mine = Stream.of(healthy, failing, silenced).flatMap(List::stream).collect(Collectors.toSet());
        Map<String, List<HealthEvent>> byTarget = received.stream().map(EventLog.Received::event)
                .filter(e -> mine.contains(e.getSubject()) && !e.getOccurredAt().isAfter(cut))
                .collect(Collectors.groupingBy(HealthEvent::getSubject, LinkedHashMap::new, Collectors.toList()));
        List<EventLog.Received> mineReceived = received.stream()
                .filter(r -> mine.contains(r.event().getSubject())).toList();
        return new Outcome(truth, received.stream().map(EventLog.Received::event).toList(), byTarget, mineReceived,
                cut);
    }

    /** The load generator, the event log and the group's progress, each closed whatever the others do. */
    @Override
    public void close() throws InterruptedException {
        Closing.all(List.of(load, events, progress));
    }
}
