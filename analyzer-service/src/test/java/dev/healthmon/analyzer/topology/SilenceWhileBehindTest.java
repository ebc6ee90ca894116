package dev.healthmon.analyzer.topology;

import static dev.healthmon.analyzer.topology.AnalyzerDriver.T0;
import static dev.healthmon.analyzer.topology.AnalyzerDriver.heartbeat;
import static dev.healthmon.analyzer.topology.AnalyzerDriver.http;
import static dev.healthmon.schemas.HealthEventType.CIRCUIT_HALF_OPENED;
import static dev.healthmon.schemas.HealthEventType.NO_DATA;
import static dev.healthmon.schemas.HealthEventType.TARGET_DOWN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.HealthEvent;
import dev.healthmon.schemas.Outcome;
import dev.healthmon.schemas.Schedule;
import dev.healthmon.schemas.TargetState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Silence is judged by how far the analysis has read its input, not by a wall clock it has not caught up with: a
 * backlog read after a restart, a broker outage or an overload produces no event an uninterrupted run would not
 * have produced, and silence that is real is still found.
 */
class SilenceWhileBehindTest {

    private static final int TARGETS = 1_000;
    /** A 1 s interval and a 500 ms timeout: a region is stale 2.5 s after its last result. */
    private static final Schedule EVERY_SECOND = new Schedule(1_000L, 500L, 0L);
    private static final Duration STALE_AFTER = Duration.ofMillis(2_500);
    /** A 3 s interval and a 1 s timeout: stale after 7 s. */
    private static final Schedule EVERY_3_SECONDS = new Schedule(3_000L, 1_000L, 0L);
    private static final List<String> REGIONS = List.of("ap", "eu", "us");

    @TempDir
    Path stateDir;
    private AnalyzerDriver analyzer;

    @BeforeEach
    void start() {
        analyzer = new AnalyzerDriver(stateDir);
    }

    @AfterEach
    void stop() {
        analyzer.close();
    }

    @Test
    void aBacklogReadWhileTheWallClockRunsOnGivesNoDataOnlyForTheTargetThatReallyWentSilent() {
        // One region every 3 s, so that 1,000 targets stay quick in a driver that commits after every record.
        for (int target = 0; target < TARGETS; target++) {
            analyzer.define(http(id(target)).setSchedule(EVERY_3_SECONDS).build(), 0);
        }
        analyzer.define(http("silent").setSchedule(EVERY_3_SECONDS).build(), 0);
        for (long second : new long[] {1, 4}) {
            analyzer.at(second);
            probed(second, true);
        }
        // The analyzer stops at 4 s and is back at 13 s, 9 s behind; the probers went on, but for "silent", whose
        // results stopped 9 s before the end of that backlog. While the backlog is read the wall clock runs on and
        // the probers write on.
        analyzer.behind().wallClockAt(T0.plusSeconds(13));
        for (long second : new long[] {7, 10, 13, 16}) {
            probed(second, false);
            analyzer.tick();
        }
        analyzer.caughtUp();
        for (long second : new long[] {19, 22, 25}) {
            analyzer.at(second);
            probed(second, true);
        }
        analyzer.at(26);

        List<HealthEvent> events = analyzer.events();
        assertThat(events).extracting(HealthEvent::getSubject).containsOnly("silent");
        assertThat(events).singleElement().satisfies(noData -> {
            assertThat(noData.getType()).isEqualTo(NO_DATA);
            assertThat(noData.getOccurredAt()).isEqualTo(T0.plusSeconds(4 + 7));
        });
        assertThat(analyzer.status(id(0)).getState()).isEqualTo(TargetState.UP);
    }

    @Test
    void proberBuffersFlushedOneAfterTheOtherAfterABrokerOutageMakeNoRegionLookSilent() {
        // "eu" is probed from eu only, "us" from us only, "both" from both; every region is stale 2.5 s after its
        // last result.
        analyzer.define(http("eu").setSchedule(EVERY_SECOND).build(), 0)
                .define(http("us").setSchedule(EVERY_SECOND).build(), 0)
                .define(http("both").setSchedule(EVERY_SECOND).setFailureThreshold(1).build(), 0);
        for (long second = 1; second <= 5; second++) {
            analyzer.at(second).up("eu", "eu", second).up("us", "us", second).up("both", "eu", second)
                    .up("both", "us", second);
        }
        // The broker is away from 5 s to 20 s; both probers keep checking and buffer their results. When it is
        // back, eu's prober flushes at once and goes on, us's flushes 3 s later: while eu's results are read, us's
        // are not there yet.
        analyzer.behind().wallClockAt(T0.plusSeconds(20));
        for (long second = 6; second <= 23; second++) {
            backlog("eu", "eu", second).backlog("both", "eu", second);
            analyzer.tick();
        }
        for (long second = 6; second <= 23; second++) {
            backlog("us", "us", second).backlog("both", "us", second);
        }
        analyzer.tick().caughtUp();
        for (long second = 24; second <= 30; second++) {
            analyzer.at(second).up("eu", "eu", second).up("us", "us", second).up("both", "eu", second)
                    .up("both", "us", second);
        }
        assertThat(analyzer.events()).isEmpty();
        assertThat(analyzer.status("both").getState()).isEqualTo(TargetState.UP);
    }

    @Test
    void aRegionWhoseProberIsGoneIsStaleOnceTheTaskIsCaughtUpLongEnough() {
        analyzer.define(http("us").setSchedule(EVERY_SECOND).build(), 0);
        analyzer.define(http("eu").setSchedule(EVERY_SECOND).build(), 0);
        for (long second = 1; second <= 5; second++) {
            analyzer.at(second).up("us", "us", second).up("eu", "eu", second);
        }
        // After a restart at 10 s the backlog holds eu's results but none of us's: its prober died at 5 s.
        analyzer.behind().wallClockAt(T0.plusSeconds(10));
        for (long second = 6; second <= 10; second++) {
            backlog("eu", "eu", second);
        }
        analyzer.tick();
        assertThat(analyzer.events()).as("us's prober may have results not read yet").isEmpty();
        analyzer.caughtUp();
        for (long second = 12; second <= 14; second++) {
            analyzer.at(second).up("eu", "eu", second);
        }
        assertThat(analyzer.events()).singleElement().satisfies(noData -> {
            assertThat(noData.getSubject()).isEqualTo("us");
            assertThat(noData.getType()).isEqualTo(NO_DATA);
            assertThat(noData.getOccurredAt()).isEqualTo(T0.plusSeconds(5).plus(STALE_AFTER));
        });
    }

    @Test
    void caughtUpWithNoInputAtAllNoDataComesStaleAfterTheLastResult() {
        defineAndProbeOnce();
        analyzer.at(3);
        assertThat(analyzer.events()).isEmpty();
        analyzer.wallClockAt(T0.plusSeconds(4));
        assertThat(analyzer.events()).singleElement().satisfies(noData -> {
            assertThat(noData.getType()).isEqualTo(NO_DATA);
            assertThat(noData.getOccurredAt()).isEqualTo(T0.plusSeconds(1).plus(STALE_AFTER));
        });
    }

    @Test
    void whileTheInputCannotBeReadTheWallClockJudgesNoSilenceAndOnceCaughtUpLongEnoughItDoes() {
        defineAndProbeOnce();
        analyzer.behind().wallClockAt(T0.plusSeconds(60));
        assertThat(analyzer.events()).as("results may be waiting unread").isEmpty();
        analyzer.caughtUp().wallClockAt(T0.plusSeconds(62));
        assertThat(analyzer.events()).as("caught up for less than the silence judged").isEmpty();
        analyzer.wallClockAt(T0.plusSeconds(63));
        assertThat(analyzer.events()).singleElement().satisfies(noData -> {
            assertThat(noData.getType()).isEqualTo(NO_DATA);
            assertThat(noData.getOccurredAt()).isEqualTo(T0.plusSeconds(1).plus(STALE_AFTER));
        });
    }

    @Test
    void aMissedHeartbeatIsCountedOnlyOnceTheInputIsKnownToHoldNone() {
        // Stale after 2 × ttl = 20 s.
        analyzer.define(heartbeat("nightly", Duration.ofSeconds(10)).build(), 0).up("nightly", "push", 1);
        analyzer.behind().wallClockAt(T0.plusSeconds(60));
        assertThat(analyzer.events()).isEmpty();
        analyzer.caughtUp().wallClockAt(T0.plusSeconds(79));
        assertThat(analyzer.events()).isEmpty();
        analyzer.wallClockAt(T0.plusSeconds(80));
        assertThat(analyzer.last(TARGET_DOWN).getFailureKind()).isEqualTo(FailureKind.MISSED_HEARTBEAT);
        assertThat(analyzer.last(TARGET_DOWN).getOccurredAt()).isEqualTo(T0.plusSeconds(11));
    }

    @Test
    void aSilenceOfDaysIsJudgedOnceTheTaskHasBeenCaughtUpForTheLateResultWindow() {
        // A nightly job: stale after 2 × ttl = 2 days, but a restart must not delay its missed heartbeat by days.
        analyzer.define(heartbeat("nightly", Duration.ofDays(1)).build(), 0).up("nightly", "push", 1);
        analyzer.behind().wallClockAt(T0.plus(Duration.ofDays(3)));
        assertThat(analyzer.events()).isEmpty();
        analyzer.caughtUp();
        analyzer.wallClockAt(T0.plus(Duration.ofDays(3)).plus(TestAnalyzerSettings.defaults().lateResultWindow())
                .minusSeconds(1));
        assertThat(analyzer.events()).isEmpty();
        analyzer.wallClockAt(T0.plus(Duration.ofDays(3)).plus(TestAnalyzerSettings.defaults().lateResultWindow()));
        assertThat(analyzer.last(TARGET_DOWN).getOccurredAt()).isEqualTo(T0.plusSeconds(1).plus(Duration.ofDays(1)));
    }

    @Test
    void anOpenCircuitHalfOpensOnlyOnceEveryResultBeforeItsRecoveryTimeoutHasBeenRead() {
        analyzer.define(http("api").setFailureThreshold(1).setSchedule(EVERY_SECOND).build(), 0);
        for (int second = 1; second <= 5; second++) {
            analyzer.down("api", "eu", second);
        }
        analyzer.behind().wallClockAt(T0.plusSeconds(100));
        assertThat(analyzer.eventTypes()).doesNotContain(CIRCUIT_HALF_OPENED, NO_DATA);
        // The backlog still holds failures from before the recovery timeout: the open circuit ignores them.
        for (int second = 6; second <= 64; second++) {
            analyzer.result(AnalyzerDriver.checkResult("api", "eu", Outcome.DOWN, FailureKind.TIMEOUT, null,
                    T0.plusSeconds(second)));
        }
        analyzer.tick();
        assertThat(analyzer.eventTypes()).doesNotContain(CIRCUIT_HALF_OPENED);
        analyzer.caughtUp().wallClockAt(T0.plusSeconds(104));
        assertThat(analyzer.last(CIRCUIT_HALF_OPENED).getOccurredAt()).isEqualTo(T0.plusSeconds(65));
    }

    private void defineAndProbeOnce() {
        analyzer.define(http("api").setSchedule(EVERY_SECOND).build(), 0);
        REGIONS.forEach(region -> analyzer.up("api", region, 1));
    }

    /**
     * Every target's result of {@code second} ("silent"'s only up to 4 s): read {@code live}, or from a backlog,
     * with the wall clock staying where it is.
     */
    private void probed(long second, boolean live) {
        for (int target = 0; target < TARGETS; target++) {
            probed(id(target), second, live);
        }
        if (second <= 4) {
            probed("silent", second, live);
        }
    }

    private void probed(String targetId, long second, boolean live) {
        if (live) {
            analyzer.up(targetId, "eu", second);
        } else {
            analyzer.result(AnalyzerDriver.checkResult(targetId, "eu", Outcome.UP, null, null,
                    T0.plusSeconds(second)));
        }
    }

    /** A result of {@code second} from {@code region}'s prober, read from a backlog: the wall clock stays put. */
    private SilenceWhileBehindTest backlog(String targetId, String region, long second) {
        analyzer.result(AnalyzerDriver.checkResult(targetId, region, Outcome.UP, null, null, T0.plusSeconds(second)));
        return this;
    }

    private static String id(int target) {
        return "t" + target;
    }
}
