package dev.healthmon.analyzer.monitor;

import static dev.healthmon.analyzer.monitor.MonitorDriver.T0;
import static dev.healthmon.analyzer.monitor.MonitorDriver.probed;
import static dev.healthmon.schemas.HealthEventType.CIRCUIT_CLOSED;
import static dev.healthmon.schemas.HealthEventType.CIRCUIT_HALF_OPENED;
import static dev.healthmon.schemas.HealthEventType.CIRCUIT_OPENED;
import static dev.healthmon.schemas.HealthEventType.CIRCUIT_REOPENED;
import static dev.healthmon.schemas.HealthEventType.DATA_RESUMED;
import static dev.healthmon.schemas.HealthEventType.NO_DATA;
import static dev.healthmon.schemas.HealthEventType.TARGET_DEGRADED;
import static dev.healthmon.schemas.HealthEventType.TARGET_DEGRADED_CLEARED;
import static dev.healthmon.schemas.HealthEventType.TARGET_DOWN;
import static dev.healthmon.schemas.HealthEventType.TARGET_UP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.healthmon.analyzer.circuit.TestCircuits;
import dev.healthmon.schemas.CircuitState;
import dev.healthmon.schemas.CloseReason;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.Quorum;
import dev.healthmon.schemas.RegionState;
import dev.healthmon.schemas.TargetState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TargetMonitorTest {

    private static TargetRules withEnabled(TargetRules rules, boolean enabled) {
        return new TargetRules(rules.quorum(), rules.thresholds(), rules.staleAfter(), rules.heartbeat(),
                rules.circuit(), rules.dependsOn(), enabled);
    }

    private static TargetRules withQuorum(TargetRules rules, Quorum quorum) {
        return new TargetRules(quorum, rules.thresholds(), rules.staleAfter(), rules.heartbeat(), rules.circuit(),
                rules.dependsOn(), rules.enabled());
    }

    @Nested
    class Thresholds {

        @Test
        void fromUnknown() {
            MonitorDriver target = new MonitorDriver(probed(Quorum.MAJORITY, 3, 2)).down("eu", 0).down("eu", 30);
            assertThat(target.events()).isEmpty();
            assertThat(target.analysis().state()).isEqualTo(TargetState.UNKNOWN);
            target.down("eu", 60);
            TargetEventAssert down = new TargetEventAssert(target.last(TARGET_DOWN));
            down.is(TARGET_DOWN, TargetState.DOWN, 60);
            assertThat(target.last(TARGET_DOWN).failureKind()).isEqualTo(FailureKind.TIMEOUT);
            assertThat(target.last(TARGET_DOWN).message()).isEqualTo("timed out");
            assertThat(target.analysis().openIncidentId()).isEqualTo(target.last(TARGET_DOWN).eventId());
            assertThat(target.last(TARGET_DOWN).periodId()).isEqualTo(target.last(TARGET_DOWN).eventId());
        }

        @Test
        void fromUp() {
            MonitorDriver target = new MonitorDriver(probed(Quorum.ANY, 3, 1)).up("eu", 0);
            assertThat(target.analysis().state()).isEqualTo(TargetState.UP);
            target.down("eu", 10).down("eu", 20);
            assertThat(target.analysis().state()).isEqualTo(TargetState.UP);
            target.down("eu", 30);
            assertThat(target.types()).containsExactly(TARGET_DOWN);
        }

        @Test
        void fromDegradedTheClosingEventComesFirst() {
            MonitorDriver target = new MonitorDriver(probed(Quorum.MAJORITY, 3, 1)).up("eu", 0).up("us", 0)
                    .down("eu", 10).down("eu", 20).down("eu", 30);
            assertThat(target.types()).containsExactly(TARGET_DEGRADED);
            target.down("us", 10).down("us", 20);
            assertThat(target.analysis().state()).isEqualTo(TargetState.DEGRADED);
            target.down("us", 30);
            assertThat(target.lastTypes()).containsExactly(TARGET_DEGRADED_CLEARED, TARGET_DOWN);
            assertThat(target.last(TARGET_DEGRADED_CLEARED).closeReason()).isEqualTo(CloseReason.STATE_CHANGED);
            assertThat(target.last(TARGET_DEGRADED_CLEARED).duration()).isEqualTo(Duration.ofSeconds(0));
        }

        @Test
        void fromNoDataTheFirstResultDoesNotDecideAlone() {
            MonitorDriver target = new MonitorDriver(probed(Quorum.ANY, 3, 1)).up("eu", 0).tick(66);
            assertThat(target.analysis().state()).isEqualTo(TargetState.NO_DATA);
            target.down("eu", 100);
            assertThat(target.lastTypes()).containsExactly(DATA_RESUMED);
            assertThat(target.analysis().state()).isEqualTo(TargetState.UP);
            target.down("eu", 110).down("eu", 120);
            assertThat(target.lastTypes()).containsExactly(TARGET_DOWN);
        }

        @Test
        void successThresholdRecoversWithTheSameIncidentId() {
            MonitorDriver target = new MonitorDriver(probed(Quorum.ANY, 1, 2)).down("eu", 0).up("eu", 10);
            assertThat(target.analysis().state()).isEqualTo(TargetState.DOWN);
            target.up("eu", 20);
            TargetEvent down = target.last(TARGET_DOWN);
            TargetEvent up = target.last(TARGET_UP);
            new TargetEventAssert(up).is(TARGET_UP, TargetState.UP, 20);
            assertThat(up.periodId()).isEqualTo(down.eventId());
            assertThat(up.closeReason()).isEqualTo(CloseReason.RECOVERED);
            assertThat(up.duration()).isEqualTo(Duration.ofSeconds(20));
            assertThat(target.analysis().openIncidentId()).isNull();
        }

        @Test
        void anOutOfOrderResultDoesNotMoveTheState() {
            MonitorDriver target = new MonitorDriver(probed(Quorum.ANY, 1, 1)).down("eu", 20).up("eu", 10);
            assertThat(target.analysis().state()).isEqualTo(TargetState.DOWN);
            assertThat(target.lastStep()).isEmpty();
            assertThat(target.analysis().regions().get("eu").lastResultAt()).isEqualTo(T0.plusSeconds(20));
        }
    }

    @Nested
    class Regions {

        @Test
        void designExampleAStaleRegionLeavesTheVote() {
            MonitorDriver target = new MonitorDriver(probed(Quorum.MAJORITY, 1, 1)).up("ap", 0).down("eu", 0);
            assertThat(target.analysis().state()).isEqualTo(TargetState.DEGRADED);
            target.down("us", 0);
            assertThat(target.analysis().state()).isEqualTo(TargetState.DOWN);
            assertThat(target.lastTypes()).containsExactly(TARGET_DEGRADED_CLEARED, TARGET_DOWN);
            target.down("eu", 60).up("ap", 60).tick(65);
            assertThat(target.analysis().state()).isEqualTo(TargetState.DOWN);
            target.tick(66);
            assertThat(target.analysis().regions().get("us").reported()).isEqualTo(RegionState.STALE);
            assertThat(target.analysis().state()).isEqualTo(TargetState.DEGRADED);
            assertThat(target.lastTypes()).containsExactly(TARGET_UP, TARGET_DEGRADED);
            assertThat(target.last(TARGET_UP).state()).isEqualTo(TargetState.DEGRADED);
            assertThat(target.last(TARGET_UP).occurredAt()).isEqualTo(T0.plusSeconds(65));
        }

        @Test
        void aChangedQuorumIsAppliedAtOnce() {
            MonitorDriver target = new MonitorDriver(probed(Quorum.MAJORITY, 1, 1)).up("ap", 0).up("eu", 0)
                    .down("us", 0);
            assertThat(target.analysis().state()).isEqualTo(TargetState.DEGRADED);
            target.redefine(withQuorum(probed(Quorum.MAJORITY, 1, 1), Quorum.ANY), 10);
            assertThat(target.lastTypes()).containsExactly(TARGET_DEGRADED_CLEARED, TARGET_DOWN);
        }
    }

    @Nested
    class NoData {

        @Test
        void keepsTheIncidentOpenAndResumes() {
            MonitorDriver target = new MonitorDriver(probed(Quorum.ANY, 1, 1)).down("eu", 0);
            String incident = target.analysis().openIncidentId();
            target.tick(65);
            assertThat(target.lastStep()).isEmpty();
            target.tick(66);
            assertThat(target.lastTypes()).containsExactly(NO_DATA);
            assertThat(target.last(NO_DATA).occurredAt()).isEqualTo(T0.plusSeconds(65));
            assertThat(target.analysis().state()).isEqualTo(TargetState.NO_DATA);
            assertThat(target.analysis().openIncidentId()).isEqualTo(incident);
            target.down("eu", 100);
            assertThat(target.lastTypes()).containsExactly(DATA_RESUMED);
            assertThat(target.last(DATA_RESUMED).periodId()).isEqualTo(target.last(NO_DATA).eventId());
            assertThat(target.last(DATA_RESUMED).duration()).isEqualTo(Duration.ofSeconds(35));
            target.up("eu", 110);
            assertThat(target.lastTypes()).containsExactly(TARGET_UP);
            assertThat(target.last(TARGET_UP).periodId()).isEqualTo(incident);
            assertThat(target.last(TARGET_UP).duration()).isEqualTo(Duration.ofSeconds(110));
        }

        @Test
        void dataResumedComesBeforeTheRecovery() {
            MonitorDriver target = new MonitorDriver(probed(Quorum.ANY, 1, 1)).down("eu", 0).tick(200).up("eu",
                    210);
            assertThat(target.lastTypes()).containsExactly(DATA_RESUMED, TARGET_UP);
        }

        @Test
        void aResultAfterALongSilenceFirstMarksTheRegionStale() {
            // No tick in between, as in a replay: the silence is still seen.
            MonitorDriver target = new MonitorDriver(probed(Quorum.ANY, 1, 1)).up("eu", 0).up("eu", 300);
            assertThat(target.types()).containsExactly(NO_DATA, DATA_RESUMED);
            assertThat(target.last(NO_DATA).occurredAt()).isEqualTo(T0.plusSeconds(65));
        }
    }

    @Nested
    class PauseAndDelete {

        @Test
        void pauseClosesTheIncidentAndResumeStartsAfresh() {
            TargetRules rules = probed(Quorum.ANY, 1, 1);
            MonitorDriver target = new MonitorDriver(rules).down("eu", 0);
            String first = target.analysis().openIncidentId();
            target.redefine(withEnabled(rules, false), 30);
            assertThat(target.lastTypes()).containsExactly(TARGET_UP);
            TargetEvent closed = target.last(TARGET_UP);
            assertThat(closed.closeReason()).isEqualTo(CloseReason.PAUSED);
            assertThat(closed.state()).isEqualTo(TargetState.PAUSED);
            assertThat(closed.duration()).isEqualTo(Duration.ofSeconds(30));
            assertThat(target.analysis().state()).isEqualTo(TargetState.PAUSED);

            target.down("eu", 40).tick(1000);
            assertThat(target.analysis().state()).isEqualTo(TargetState.PAUSED);
            assertThat(target.types()).containsExactly(TARGET_DOWN, TARGET_UP);

            target.redefine(rules, 1010);
            assertThat(target.analysis().state()).isEqualTo(TargetState.UNKNOWN);
            assertThat(target.analysis().regions()).isEmpty();
            target.down("eu", 1020);
            assertThat(target.analysis().openIncidentId()).isNotEqualTo(first).isNotNull();
        }

        @Test
        void aTargetDefinedDisabledStartsPaused() {
            MonitorDriver target = new MonitorDriver(withEnabled(probed(Quorum.ANY, 1, 1), false)).down("eu", 0);
            assertThat(target.analysis().state()).isEqualTo(TargetState.PAUSED);
            assertThat(target.events()).isEmpty();
        }

        @Test
        void deletionClosesEveryOpenPeriod() {
            MonitorDriver target = new MonitorDriver(probed(Quorum.ANY, 1, 1));
            for (int second = 0; second < 5; second++) {
                target.down("eu", second);
            }
            assertThat(target.types()).containsExactly(TARGET_DOWN, CIRCUIT_OPENED);
            target.delete(10);
            assertThat(target.lastTypes()).containsExactly(TARGET_UP, CIRCUIT_CLOSED);
            assertThat(target.lastStep()).allSatisfy(event -> {
                assertThat(event.closeReason()).isEqualTo(CloseReason.DELETED);
                assertThat(event.state()).isNull();
            });
            assertThat(target.last(TARGET_UP).duration()).isEqualTo(Duration.ofSeconds(10));
            assertThat(target.last(CIRCUIT_CLOSED).circuitState()).isEqualTo(CircuitState.CLOSED);
        }
    }

    @Nested
    class Degradation {

        @Test
        void upAndDegradedArePairedPeriods() {
            MonitorDriver target = new MonitorDriver(probed(Quorum.MAJORITY, 1, 1)).up("eu", 0).up("us", 0)
                    .down("eu", 10);
            assertThat(target.lastTypes()).containsExactly(TARGET_DEGRADED);
            target.up("eu", 20);
            TargetEvent cleared = target.last(TARGET_DEGRADED_CLEARED);
            assertThat(cleared.periodId()).isEqualTo(target.last(TARGET_DEGRADED).eventId());
            assertThat(cleared.closeReason()).isEqualTo(CloseReason.RECOVERED);
            assertThat(cleared.state()).isEqualTo(TargetState.UP);
            assertThat(cleared.duration()).isEqualTo(Duration.ofSeconds(10));
        }

        @Test
        void fromDownToDegradedClosesTheIncidentBeforeOpeningTheDegradation() {
            MonitorDriver target = new MonitorDriver(probed(Quorum.MAJORITY, 1, 1)).down("eu", 0).down("us", 0)
                    .up("eu", 10);
            assertThat(target.lastTypes()).containsExactly(TARGET_UP, TARGET_DEGRADED);
            assertThat(target.last(TARGET_UP).state()).isEqualTo(TargetState.DEGRADED);
            assertThat(target.last(TARGET_UP).closeReason()).isEqualTo(CloseReason.RECOVERED);
        }
    }

    @Nested
    class Circuit {

        /** Silent regions stay current for ten minutes, so that the circuit's timeline is all there is. */
        private final TargetRules rules = TargetRules.resolve(Quorum.ANY, 1, 1, Duration.ofMinutes(10),
                Duration.ofSeconds(30), Duration.ofSeconds(5), null, TestCircuits.DEFAULT, List.of(), true);

        private MonitorDriver opened() {
            MonitorDriver target = new MonitorDriver(rules);
            for (int second = 0; second < 5; second++) {
                target.down("eu", second);
            }
            return target;
        }

        @Test
        void goesThroughEveryTransition() {
            MonitorDriver target = opened();
            TargetEvent opened = target.last(CIRCUIT_OPENED);
            assertThat(opened.occurredAt()).isEqualTo(T0.plusSeconds(4));
            assertThat(opened.circuitState()).isEqualTo(CircuitState.OPEN);
            assertThat(target.analysis().circuit().state()).isEqualTo(CircuitState.OPEN);

            target.tick(63);
            assertThat(target.lastStep()).isEmpty();
            target.tick(64);
            assertThat(target.lastTypes()).containsExactly(CIRCUIT_HALF_OPENED);
            assertThat(target.last(CIRCUIT_HALF_OPENED).periodId()).isEqualTo(opened.eventId());

            target.down("eu", 70);
            assertThat(target.lastTypes()).containsExactly(CIRCUIT_REOPENED);
            assertThat(target.last(CIRCUIT_REOPENED).circuitState()).isEqualTo(CircuitState.OPEN);
            target.tick(130);
            assertThat(target.lastTypes()).containsExactly(CIRCUIT_HALF_OPENED);
            assertThat(target.last(CIRCUIT_HALF_OPENED).occurredAt()).isEqualTo(T0.plusSeconds(130));

            target.up("eu", 131);
            assertThat(target.lastTypes()).containsExactly(TARGET_UP);
            target.up("eu", 132).up("eu", 133);
            assertThat(target.lastTypes()).containsExactly(CIRCUIT_CLOSED);
            TargetEvent closed = target.last(CIRCUIT_CLOSED);
            assertThat(closed.periodId()).isEqualTo(opened.eventId());
            assertThat(closed.closeReason()).isEqualTo(CloseReason.RECOVERED);
            assertThat(closed.duration()).isEqualTo(Duration.ofSeconds(129));
            assertThat(target.analysis().circuit().state()).isEqualTo(CircuitState.CLOSED);
        }

        @Test
        void aLaterResultFindsTheRecoveryDueWithoutATick() {
            MonitorDriver target = opened().up("eu", 100);
            assertThat(target.lastTypes()).containsExactly(CIRCUIT_HALF_OPENED, TARGET_UP);
            assertThat(target.last(CIRCUIT_HALF_OPENED).occurredAt()).isEqualTo(T0.plusSeconds(64));
            assertThat(target.analysis().circuit().consecutiveSuccesses()).isEqualTo(1);
        }

        @Test
        void pauseResetsAnOpenCircuit() {
            MonitorDriver target = opened().redefine(withEnabled(rules, false), 10);
            assertThat(target.lastTypes()).containsExactly(TARGET_UP, CIRCUIT_CLOSED);
            assertThat(target.last(CIRCUIT_CLOSED).closeReason()).isEqualTo(CloseReason.PAUSED);
            assertThat(target.last(CIRCUIT_CLOSED).state()).isEqualTo(TargetState.PAUSED);
        }
    }

    @Nested
    class Heartbeat {

        private final TargetRules rules = MonitorDriver.heartbeat(Duration.ofSeconds(60));

        @Test
        void defaultsToFailureThresholdOneAndStaleAfterTwoTtl() {
            assertThat(rules.thresholds().failureThreshold()).isEqualTo(1);
            assertThat(rules.staleAfter()).isEqualTo(Duration.ofMinutes(2));
        }

        @Test
        void eachMissedTtlCountsAsADownResult() {
            MonitorDriver target = new MonitorDriver(rules).up("push", 0).tick(60);
            assertThat(target.analysis().state()).isEqualTo(TargetState.UP);
            target.tick(61);
            assertThat(target.lastTypes()).containsExactly(TARGET_DOWN);
            TargetEvent down = target.last(TARGET_DOWN);
            assertThat(down.failureKind()).isEqualTo(FailureKind.MISSED_HEARTBEAT);
            assertThat(down.occurredAt()).isEqualTo(T0.plusSeconds(60));

            // Four more misses by 300 s, the fifth consecutive failure opens the circuit; missed heartbeats keep
            // the region current, so it never goes stale.
            target.tick(301);
            assertThat(target.lastTypes()).containsExactly(CIRCUIT_OPENED);
            assertThat(target.last(CIRCUIT_OPENED).occurredAt()).isEqualTo(T0.plusSeconds(300));
            assertThat(target.analysis().regions().get("push").consecutiveFailures()).isEqualTo(5);
            assertThat(target.analysis().regions().get("push").reported()).isEqualTo(RegionState.DOWN);

            target.up("push", 310);
            assertThat(target.lastTypes()).containsExactly(TARGET_UP);
            assertThat(target.last(TARGET_UP).periodId()).isEqualTo(down.eventId());
        }

        @Test
        void aHeartbeatStartingExactlyAtTheDeadlineIsInTime() {
            MonitorDriver target = new MonitorDriver(rules).up("push", 0).up("push", 60).tick(120);
            assertThat(target.events()).isEmpty();
            assertThat(target.analysis().state()).isEqualTo(TargetState.UP);
        }

        @Test
        void aHeartbeatTargetIsUnknownUntilItsFirstHeartbeat() {
            MonitorDriver target = new MonitorDriver(rules).tick(10_000);
            assertThat(target.analysis().state()).isEqualTo(TargetState.UNKNOWN);
            assertThat(target.events()).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 137, 143})
        void aStopExitCodePausesUntilTheNextHeartbeat(int code) {
            MonitorDriver target = new MonitorDriver(rules).up("push", 0).tick(61);
            String first = target.analysis().openIncidentId();
            target.exit("push", code, 70);
            assertThat(target.lastTypes()).containsExactly(TARGET_UP);
            assertThat(target.last(TARGET_UP).closeReason()).isEqualTo(CloseReason.PAUSED);
            assertThat(target.analysis().state()).isEqualTo(TargetState.PAUSED);

            target.tick(10_000);
            assertThat(target.lastStep()).isEmpty();
            assertThat(target.analysis().state()).isEqualTo(TargetState.PAUSED);

            target.up("push", 10_010);
            assertThat(target.analysis().state()).isEqualTo(TargetState.UP);
            assertThat(target.lastStep()).isEmpty();
            target.tick(10_071);
            assertThat(target.lastTypes()).containsExactly(TARGET_DOWN);
            assertThat(target.analysis().openIncidentId()).isNotEqualTo(first);
        }

        @Test
        void anyOtherExitCodeIsDownWithKindExitCode() {
            MonitorDriver target = new MonitorDriver(rules).up("push", 0).exit("push", 1, 10);
            assertThat(target.lastTypes()).containsExactly(TARGET_DOWN);
            assertThat(target.last(TARGET_DOWN).failureKind()).isEqualTo(FailureKind.EXIT_CODE);
            assertThat(target.analysis().regions().get("push").lastFailureKind()).isEqualTo(FailureKind.EXIT_CODE);
        }
    }

    @Nested
    class Dependencies {

        private TargetRules dependingOnPaymentsAndAuth() {
            return TargetRules.resolve(Quorum.ANY, 1, 1, null, Duration.ofSeconds(30), Duration.ofSeconds(5), null,
                    TestCircuits.DEFAULT, List.of("payments-db", "auth"), true);
        }

        @Test
        void anIncidentWhileADependencyIsDownIsSuppressedWithItsRootCause() {
            Map<String, TargetState> states = Map.of("payments-db", TargetState.UP, "auth", TargetState.DOWN);
            MonitorDriver target = new MonitorDriver(dependingOnPaymentsAndAuth())
                    .dependencies(id -> Optional.ofNullable(states.get(id))).down("eu", 0);
            TargetEvent down = target.last(TARGET_DOWN);
            assertThat(down.suppressed()).isTrue();
            assertThat(down.rootCause()).isEqualTo("auth");
            assertThat(target.analysis().rootCause()).isEqualTo("auth");
            target.up("eu", 10);
            assertThat(target.last(TARGET_UP).rootCause()).isEqualTo("auth");
        }

        @Test
        void noSuppressionWhenNoDependencyIsDown() {
            MonitorDriver target = new MonitorDriver(dependingOnPaymentsAndAuth())
                    .dependencies(id -> Optional.of(TargetState.DEGRADED)).down("eu", 0);
            assertThat(target.last(TARGET_DOWN).suppressed()).isFalse();
            assertThat(target.last(TARGET_DOWN).rootCause()).isNull();
        }
    }

    @Nested
    class Identity {

        private List<TargetEvent> script(MonitorDriver target) {
            return target.down("eu", 0).down("us", 0).up("eu", 10).tick(200).up("us", 300).delete(400).events();
        }

        @Test
        void aReplayProducesTheSameIds() {
            List<TargetEvent> first = script(new MonitorDriver(probed(Quorum.MAJORITY, 1, 1)));
            List<TargetEvent> second = script(new MonitorDriver(probed(Quorum.MAJORITY, 1, 1)));
            assertThat(second).isEqualTo(first);
            assertThat(first).extracting(TargetEvent::eventId).doesNotHaveDuplicates()
                    .allMatch(id -> id.startsWith(MonitorDriver.TARGET + ":" + T0.toEpochMilli() + ":"));
        }
    }

    /** Checks the common fields of one event. */
    private record TargetEventAssert(TargetEvent event) {

        void is(dev.healthmon.schemas.HealthEventType type, TargetState state, long second) {
            assertThat(event.type()).isEqualTo(type);
            assertThat(event.state()).isEqualTo(state);
            assertThat(event.targetId()).isEqualTo(MonitorDriver.TARGET);
            assertThat(event.occurredAt()).isEqualTo(T0.plusSeconds(second));
        }
    }
}
