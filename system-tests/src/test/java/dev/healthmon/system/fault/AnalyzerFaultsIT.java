package dev.healthmon.system.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.healthmon.schemas.HealthEventType;
import dev.healthmon.system.load.LoadGenerator;
import dev.healthmon.system.load.LoadPlan;
import dev.healthmon.topic.TopicCatalogue;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analyzer under faults, against the packaged broker and analyzer as processes, with a load generator playing
 * probers in three regions: 500 targets every second (1,500 results/s), of which 20 fail and recover at known
 * times and 10 fall silent during each fault. Each case audits the events topic, read with {@code read_committed}:
 * no event twice, nothing about targets whose results never stopped, one incident per failing target, one
 * {@code NO_DATA} per silenced target. It reports how long the analyzer took to process again and to catch up, and
 * how long the outages that began during the fault took to be detected (target/fault-suite.md). Time bounds are
 * asserted only loosely: they are measured, not promised, on a shared machine.
 *
 * <p>The cases share one broker and run in order on it: a restart, a failover (after which the survivor goes on
 * alone), a broker outage, an overload, and every prober stopping for good (the analyzer caught up: silence judged
 * by the wall clock).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnalyzerFaultsIT {

    // A loose ceiling on recovery times: far above what they are, so that only a broken recovery fails the case.
    private static final Duration LOOSELY = Duration.ofSeconds(90);
    private static final Duration FINISH = Duration.ofMinutes(3);
    // How long each failing target fails, from shortly after the fault began.
    static final Duration OUTAGE = Duration.ofSeconds(15);
    /**
     * The broker case's outages last until well after the broker is back (away 10 s, then its start, up to 25 s seen
     * on a loaded machine) and every prober, the late region's too, has delivered what it buffered, so that every
     * region's results of the outage say DOWN whatever order the probers deliver them in. An outage that ended while
     * the broker was away gave its target extra zero-length incidents once the regions' buffered results came in, one
     * prober after the other: the analyzer judges results in the order it reads them, across regions, which is not
     * this case's subject.
     */
    private static final Duration BROKER_CASE_OUTAGE = Duration.ofSeconds(50);
    /**
     * The overload: for 30 s, results as fast as the generator makes them on top of the steady 1,500/s, held back
     * whenever the analyzer is this far behind: above its capacity the whole time, whatever the machine, with a
     * backlog that stays bounded. Far more than a silence takes, so that judging silence by the wall clock would show.
     */
    private static final Duration BURST = Duration.ofSeconds(30);
    private static final Duration BURST_BACKLOG = FaultCase.STALE_AFTER.multipliedBy(2);
    /**
     * How long after {@code staleAfter} of being caught up a {@code NO_DATA} may take when every prober stops: the
     * catch-up checks' interval, a tick, the transaction's commit, on a shared machine; loose, as time bounds here are.
     */
    private static final Duration SILENCE_SLACK = Duration.ofSeconds(30);

    @TempDir
    static Path work;
    private FaultStack stack;
    private FaultStack.Service analyzer;
    private FaultCase.Kafka kafka;

    @BeforeAll
    void startTheStack() throws Exception {
        stack = FaultStack.withBrokerProcess(work);
        // The default instance id, so that a restart shows it stable.
        analyzer = stack.startAnalyzerWithDefaultId("analyzer-a");
        FaultStack.awaitReady(analyzer);
        kafka = new FaultCase.Kafka(stack.bootstrapServers(), TopicCatalogue.fromSettings(setting -> Optional.empty()), "healthmon-analyzer");
    }

    @AfterAll
    void stopTheStack() throws InterruptedException {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void anAnalyzerKilledAndStartedAgainResumesWithinSecondsAndSaysNothingFalse() throws Exception {
        try (FaultCase fault = FaultCase.steady("kill", kafka)) {
            // The default instance id: the host name and the HTTP port, with the stream thread's index.
            Set<String> members = fault.progress().assignment().keySet();
            assertThat(members).singleElement().asString().endsWith("-" + analyzer.port() + "-1");
            Instant killed = stack.kill(analyzer);
            fault.faultBegan(killed, OUTAGE);
            // Down for 5 s, as a supervisor restarting it after a back-off would leave it.
            awaitTime(killed.plusSeconds(5));
            Instant started = Instant.now();
            analyzer = stack.restart(analyzer);
            Instant ready = FaultStack.awaitReady(analyzer);
            // Processing again, the restarted process is the group's only member, under the same id: a new id would
            // show beside the old one until its session expired, or alone after.
            GroupProgress progress = fault.progress();
            await().atMost(LOOSELY).until(() -> progress.processingAgain(started, progress.allPartitions()),
                    Optional::isPresent);
            assertThat(progress.assignment().keySet()).isEqualTo(members);
            FaultCase.Outcome outcome = fault.finishOnceRecovered(FINISH);

            GroupProgress.Recovery recovery = progress.recoveryAfter(started);
            FaultReport.record("analyzer SIGKILLed, restarted 5 s later", outcome,
                    "process start → ready " + FaultReport.seconds(started, Optional.of(ready)),
                    "process start → processing " + FaultReport.seconds(started, recovery.processing()),
                    "kill → caught up " + FaultReport.seconds(killed, recovery.caughtUp()),
                    "detection " + FaultReport.latencies(outcome.detectionLatencies(killed,
                            recovery.caughtUp().orElse(ready))));
            assertTruthfulAndRecovered(outcome, started, recovery.processing());
        }
    }

    @Test
    @Order(2)
    void theDeadInstancesPartitionsMoveToTheSurvivorAndNothingFalseIsSaid() throws Exception {
        try (FaultCase fault = FaultCase.start("failover", kafka)) {
            FaultStack.Service survivor = stack.startAnalyzer("analyzer-b");
            FaultStack.awaitReady(survivor);
            Map<String, Set<Integer>> assignment = await().atMost(FINISH).until(fault.progress()::assignment,
                    members -> members.size() == 2 && members.values().stream().noneMatch(Set::isEmpty));
            fault.awaitSteady(FINISH);
            // The survivor's id is its name; the doomed one's is the default.
            String doomedMember = assignment.keySet().stream().filter(id -> !id.startsWith(survivor.name()))
                    .findFirst().orElseThrow();
            Set<Integer> orphaned = fault.progress().assignment().get(doomedMember);
            assertThat(orphaned).as("%s", assignment).isNotEmpty();

            Instant killed = stack.kill(analyzer);
            analyzer = survivor;
            fault.faultBegan(killed, OUTAGE);
            FaultCase.Outcome outcome = fault.finishOnceRecovered(FINISH);

            GroupProgress progress = fault.progress();
            // A commit the dead instance had sent may still land just after the kill: count from a second later.
            Optional<Instant> takenOver = progress.processingAgain(killed.plusSeconds(1), orphaned);
            Optional<Instant> caughtUp = progress.caughtUp(takenOver.orElse(killed), Duration.ofSeconds(1));
            FaultReport.record("one of two analyzers SIGKILLed for good", outcome,
                    "kill → its partitions processing " + FaultReport.seconds(killed, takenOver)
                            + " (session timeout 10 s)",
                    "kill → caught up " + FaultReport.seconds(killed, caughtUp),
                    "detection " + FaultReport.latencies(outcome.detectionLatencies(killed,
                            caughtUp.orElse(outcome.cut()))));
            assertTruthfulAndRecovered(outcome, killed, takenOver);
        }
    }

    @Test
    @Order(3)
    void aBrokerKilledAndStartedAgainOnItsDataCostsNoFalseEventEvenWithARegionDeliveringLate() throws Exception {
        String late = LoadPlan.THREE_REGIONS.get(2);
        try (FaultCase fault = FaultCase.steadyWithTargetsOnlyIn(late, "broker", kafka)) {
            Instant killed = stack.killBroker();
            // One region's probers reach the broker again only well after the others (cut off longer, or slower to
            // reconnect): what they buffered arrives after the others' results of the same moments, and later ones.
            fault.load().holdDelivery(late);
            fault.faultBegan(killed, BROKER_CASE_OUTAGE);
            // Away for 10 s, then back on its port and data directory.
            awaitTime(killed.plusSeconds(10));
            Instant started = stack.startBroker();
            Instant back = Instant.now();
            // The late region delivers once the analyzer reads the others' backlog again: their results of the whole
            // outage, far more than a silence, come first. (Held until the analyzer had been caught up for staleAfter,
            // the region would really be silent, and NO_DATA right.)
            await().atMost(LOOSELY).until(() -> fault.progress().recoveryAfter(back).processing(),
                    Optional::isPresent);
            Instant released = fault.load().resumeDelivery(late);
            FaultCase.Outcome outcome = fault.finishOnceRecovered(FINISH);

            GroupProgress.Recovery recovery = fault.progress().recoveryAfter(back);
            FaultReport.record("broker SIGKILLed, started again 10 s later, one region delivering after the others",
                    outcome, "broker start → serving " + FaultReport.seconds(started, Optional.of(back)),
                    "serving → late region released " + FaultReport.seconds(back, Optional.of(released)),
                    "serving → analyzer processing " + FaultReport.seconds(back, recovery.processing()),
                    "serving → caught up " + FaultReport.seconds(back, recovery.caughtUp()),
                    "detection " + FaultReport.latencies(outcome.detectionLatencies(killed, back)));
            assertTruthfulAndRecovered(outcome, back, recovery.processing());
            // Not vacuous: the late region's results waited until it was released, and the outages were still on then.
            assertThat(fault.load().stats().maxAcknowledgementWait()).isGreaterThan(Duration.between(killed, released)
                    .minusSeconds(1));
            assertThat(outcome.truth().outages()).as("outages still on when the late region delivered")
                    .allSatisfy(o -> assertThat(o.until()).isAfter(released));
        }
    }

    @Test
    @Order(4)
    void inputAboveTheAnalyzersCapacityFor30sThenBelowCostsNoFalseEvent() throws Exception {
        try (FaultCase fault = FaultCase.steady("overload", kafka)) {
            Instant began = Instant.now();
            GroupProgress progress = fault.progress();
            BooleanSupplier farBehind = () -> progress.currentLag().orElse(Duration.ZERO).compareTo(BURST_BACKLOG) > 0;
            // Two threads: one alone does not always outrun the analyzer on an otherwise idle machine.
            List<CompletableFuture<LoadGenerator.Burst>> bursts = List.of(
                    fault.load().burst(BURST, Integer.MAX_VALUE, farBehind),
                    fault.load().burst(BURST, Integer.MAX_VALUE, farBehind));
            // Once the analyzer is well behind.
            fault.failFrom(began.plusSeconds(5), Duration.ofSeconds(8), OUTAGE.plusSeconds(15));
            awaitTime(began.plusSeconds(10));
            fault.silence();
            long sent = bursts.stream().mapToLong(burst -> burst.join().sent()).sum();
            Instant ended = bursts.stream().map(burst -> burst.join().ended()).max(Instant::compareTo).orElseThrow();
            FaultCase.Outcome outcome = fault.finishOnceRecovered(FINISH);

            Duration behind = progress.maxLag(began, outcome.cut());
            Optional<Instant> caughtUp = progress.caughtUp(ended, Duration.ofSeconds(1));
            FaultReport.record("30 s of input above capacity", outcome,
                    String.format("burst %,d results/s on average on top of 1,500", sent / BURST.toSeconds()),
                    "most behind " + FaultReport.seconds(behind),
                    "burst end → caught up " + FaultReport.seconds(ended, caughtUp),
                    "detection " + FaultReport.latencies(outcome.detectionLatencies(began,
                            caughtUp.orElse(Instant.now()))));
            assertThat(behind).as("the burst put the analyzer behind by more than a silence takes")
                    .isGreaterThan(FaultCase.STALE_AFTER);
            assertThat(outcome.violations()).as(outcome.summary()).isEmpty();
        }
    }

    @Test
    @Order(5)
    void whenEveryProberStopsEveryTargetGetsOneNoDataOnceTheAnalyzerIsCaughtUp() throws Exception {
        try (FaultCase fault = FaultCase.steady("silence", kafka)) {
            // Nothing else writes results now: the analyzer is caught up, and only the wall clock can tell silence.
            FaultCase.EveryProberStopped stop = fault.stopEveryProber(FINISH, SILENCE_SLACK);
            FaultCase.Outcome outcome = stop.outcome();
            List<Duration> noData = outcome.received().stream()
                    .filter(r -> r.event().getType() == HealthEventType.NO_DATA)
                    .map(r -> Duration.between(stop.caughtUp(), r.readAt())).sorted().toList();
            FaultReport.record("every prober stopped for good", outcome,
                    "stop → analyzer caught up " + FaultReport.seconds(stop.stopped(), Optional.of(stop.caughtUp())),
                    "caught up → NO_DATA readable " + FaultReport.latencies(noData, "targets") + " (staleAfter "
                            + FaultReport.seconds(FaultCase.STALE_AFTER) + ")");
            assertThat(outcome.violations()).as(outcome.summary()).isEmpty();
            assertThat(noData).hasSize(outcome.truth().silencedAt().size()).allSatisfy(latency -> assertThat(latency)
                    .isLessThan(FaultCase.STALE_AFTER.plus(SILENCE_SLACK)));
        }
    }

    /** The events were true, and the analyzer processed again after {@code from}, within a loose bound. */
    static void assertTruthfulAndRecovered(FaultCase.Outcome outcome, Instant from, Optional<Instant> processing) {
        assertThat(outcome.violations()).as(outcome.summary()).isEmpty();
        assertThat(processing).as("processing again after the fault").isPresent();
        assertThat(Duration.between(from, processing.get())).isLessThan(LOOSELY);
    }

    /** Waits, as a case's script does, until the moment has come. */
    static void awaitTime(Instant moment) {
        Duration left = Duration.between(Instant.now(), moment);
        await().atMost((left.isNegative() ? Duration.ZERO : left).plusSeconds(10))
                .pollInterval(Duration.ofMillis(50)).until(() -> !Instant.now().isBefore(moment));
    }
}
