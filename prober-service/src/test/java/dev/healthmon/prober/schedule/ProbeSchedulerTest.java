package dev.healthmon.prober.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.healthmon.prober.check.NotCheckedReason;
import dev.healthmon.prober.check.ProbeRun;
import dev.healthmon.prober.metrics.ProberMetrics;
import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.CheckType;
import dev.healthmon.schemas.Outcome;
import dev.healthmon.schemas.Schedule;
import dev.healthmon.schemas.TargetDefinition;
import dev.healthmon.schemas.TcpCheck;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProbeSchedulerTest {

    private Vertx vertx;
    private SimpleMeterRegistry registry;
    private final Queue<Run> runs = new ConcurrentLinkedQueue<>();
    private final Queue<CheckResult> published = new ConcurrentLinkedQueue<>();
    private final Queue<String> notChecked = new ConcurrentLinkedQueue<>();
    /** Targets whose probes hang until released. */
    private final Map<String, Boolean> hanging = new ConcurrentHashMap<>();
    /** Targets the prober cannot check, for a reason of its own. */
    private final Map<String, NotCheckedReason> unchecked = new ConcurrentHashMap<>();
    private ProbeScheduler scheduler;

    private record Run(TargetDefinition target, Instant startedAt, Promise<ProbeRun> result) {
    }

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        registry = new SimpleMeterRegistry();
    }

    @AfterEach
    void stop() {
        join(scheduler.stop());
        join(vertx.close());
    }

    private void startScheduler(int maxInFlight) {
        scheduler = new ProbeScheduler(vertx, Clock.systemUTC(), this::probe, published::add,
                (target, run) -> notChecked.add(target.getId() + " " + run.reason()), maxInFlight, 2,
                new ProberMetrics(registry));
        join(scheduler.start());
    }

    private Future<ProbeRun> probe(TargetDefinition target, Instant startedAt) {
        Promise<ProbeRun> result = Promise.promise();
        runs.add(new Run(target, startedAt, result));
        NotCheckedReason reason = unchecked.get(target.getId());
        if (reason != null) {
            result.complete(new ProbeRun.NotChecked(reason, "Too many open files"));
        } else if (!hanging.containsKey(target.getId())) {
            result.complete(result(target, startedAt));
        }
        return result.future();
    }

    private static ProbeRun result(TargetDefinition target, Instant startedAt) {
        return new ProbeRun.Checked(CheckResult.newBuilder().setTargetId(target.getId()).setCheckType(CheckType.TCP)
                .setOutcome(Outcome.UP).setRegion("r").setProberId("p").setStartedAt(startedAt)
                .setLatencyMicros(10L).build());
    }

    static TargetDefinition target(String id, long intervalMs, long initialDelayMs, String name) {
        return TargetDefinition.newBuilder().setId(id).setName(name)
                .setSchedule(new Schedule(intervalMs, intervalMs, initialDelayMs))
                .setCheck(TcpCheck.newBuilder().setHost("localhost").setPort(1).build())
                .build();
    }

    private static <T> T join(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Run> runsOf(String id) {
        return runs.stream().filter(run -> run.target().getId().equals(id)).toList();
    }

    /** How long after its slot on the grid the median run started. */
    private static long medianLateness(List<Run> runs, long phase, long interval) {
        List<Long> lateness = runs.stream()
                .map(run -> Math.floorMod(run.startedAt().toEpochMilli() - phase, interval)).sorted().toList();
        return lateness.get(lateness.size() / 2);
    }

    private double skipped() {
        return registry.get("healthmon.prober.skipped.runs").counter().count();
    }

    @Test
    void runsOnItsPhaseEveryInterval() {
        startScheduler(10);
        long interval = 200;
        long phase = Timetable.phase("api", interval);
        join(scheduler.schedule(target("api", interval, 0, "API")));
        await().atMost(Duration.ofSeconds(10)).until(() -> runsOf("api").size() >= 5);
        // Timers fire on or after their due time; on a busy machine some fire late, so the typical run is judged.
        assertThat(medianLateness(runsOf("api"), phase, interval)).isLessThan(interval / 2);
        assertThat(published).hasSizeGreaterThanOrEqualTo(5);
        assertThat(registry.get("healthmon.prober.schedule.lag").timer().count()).isGreaterThanOrEqualTo(5);
        assertThat(scheduler.isAlive()).isTrue();
        assertThat(scheduler.scheduledTargets()).isEqualTo(1);
    }

    @Test
    void initialDelayPostponesTheFirstRun() {
        startScheduler(10);
        long scheduledAt = System.currentTimeMillis();
        join(scheduler.schedule(target("late", 100, 700, "Late")));
        await().atMost(Duration.ofSeconds(10)).until(() -> !runsOf("late").isEmpty());
        assertThat(runsOf("late").get(0).startedAt().toEpochMilli()).isGreaterThanOrEqualTo(scheduledAt + 700);
    }

    @Test
    void aRunStillInFlightWhenTheNextIsDueSkipsIt() {
        startScheduler(10);
        hanging.put("slow", true);
        join(scheduler.schedule(target("slow", 100, 0, "Slow")));
        await().atMost(Duration.ofSeconds(10)).until(() -> skipped() >= 3);
        assertThat(runsOf("slow")).hasSize(1);
        assertThat(scheduler.inFlight()).isEqualTo(1);
        hanging.remove("slow");
        runsOf("slow").get(0).result().complete(result(runsOf("slow").get(0).target(), Instant.now()));
        await().atMost(Duration.ofSeconds(10)).until(() -> runsOf("slow").size() >= 2);
    }

    @Test
    void inFlightProbesAreBounded() {
        startScheduler(2);
        for (String id : List.of("a", "b", "c", "d")) {
            hanging.put(id, true);
            join(scheduler.schedule(target(id, 300, 0, id)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.size() == 2);
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5)).until(() -> runs.size() == 2);
        assertThat(registry.get("healthmon.prober.probes.in.flight").gauge().value()).isEqualTo(2);
        Run first = runs.peek();
        first.result().complete(result(first.target(), first.startedAt()));
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.size() == 3);
    }

    @Test
    void aPlaceFreedInOneEventLoopGoesToARunWaitingInTheOther() {
        startScheduler(1);
        // With two event loops, "a" (hash 97) and "b" (hash 98) are probed on different ones.
        for (String id : List.of("a", "b")) {
            hanging.put(id, true);
            join(scheduler.schedule(target(id, 300, 0, id)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.size() == 1);
        Run first = runs.peek();
        String other = first.target().getId().equals("a") ? "b" : "a";
        // Its later runs end at once, so that one of them taking the freed place first only delays the other.
        hanging.remove(first.target().getId());
        first.result().complete(result(first.target(), first.startedAt()));
        await().atMost(Duration.ofSeconds(10)).until(() -> runsOf(other).size() == 1);
    }

    @Test
    void updatesApplyToTheNextRun() {
        startScheduler(10);
        join(scheduler.schedule(target("svc", 100, 0, "before")));
        await().atMost(Duration.ofSeconds(10)).until(() -> !runsOf("svc").isEmpty());
        join(scheduler.schedule(target("svc", 100, 0, "after")));
        int seen = runsOf("svc").size();
        await().atMost(Duration.ofSeconds(10)).until(() -> runsOf("svc").size() > seen);
        List<Run> all = runsOf("svc");
        assertThat(all.get(all.size() - 1).target().getName()).isEqualTo("after");
        assertThat(scheduler.scheduledTargets()).isEqualTo(1);
    }

    @Test
    void aNewIntervalMovesTheTargetToItsSlotOnTheNewGrid() {
        startScheduler(10);
        join(scheduler.schedule(target("regrid", 60_000, 0, "slow")));
        join(scheduler.schedule(target("regrid", 150, 0, "fast")));
        await().atMost(Duration.ofSeconds(10)).until(() -> runsOf("regrid").size() >= 3);
        assertThat(runsOf("regrid")).allSatisfy(run -> assertThat(run.target().getName()).isEqualTo("fast"));
        assertThat(medianLateness(runsOf("regrid"), Timetable.phase("regrid", 150), 150)).isLessThan(75L);
    }

    @Test
    void unscheduledTargetsStopAndTheirRunInFlightIsNotPublished() {
        startScheduler(10);
        hanging.put("gone", true);
        join(scheduler.schedule(target("gone", 100, 0, "Gone")));
        join(scheduler.schedule(target("kept", 100, 0, "Kept")));
        await().atMost(Duration.ofSeconds(10)).until(() -> runsOf("gone").size() == 1);
        join(scheduler.unschedule("gone"));
        Run inFlight = runsOf("gone").get(0);
        inFlight.result().complete(result(inFlight.target(), inFlight.startedAt()));
        int keptBefore = runsOf("kept").size();
        await().atMost(Duration.ofSeconds(10)).until(() -> runsOf("kept").size() >= keptBefore + 3);
        assertThat(runsOf("gone")).hasSize(1);
        assertThat(published).noneMatch(result -> result.getTargetId().equals("gone"));
        assertThat(scheduler.scheduledTargets()).isEqualTo(1);
    }

    @Test
    void aRunNotCheckedPublishesNothingAndIsHandedOver() {
        startScheduler(10);
        unchecked.put("starved", NotCheckedReason.NO_DESCRIPTOR);
        join(scheduler.schedule(target("starved", 100, 0, "Starved")));
        join(scheduler.schedule(target("fine", 100, 0, "Fine")));
        await().atMost(Duration.ofSeconds(10)).until(() -> notChecked.size() >= 3
                && published.stream().filter(result -> result.getTargetId().equals("fine")).count() >= 3);
        assertThat(notChecked).allMatch(run -> run.equals("starved NO_DESCRIPTOR"));
        assertThat(published).noneMatch(result -> result.getTargetId().equals("starved"));
        // Its place is freed like any other run's: the next runs start.
        unchecked.remove("starved");
        await().atMost(Duration.ofSeconds(10)).until(() -> published.stream()
                .anyMatch(result -> result.getTargetId().equals("starved")));
        assertThat(scheduler.inFlight()).isLessThanOrEqualTo(2);
    }
}
