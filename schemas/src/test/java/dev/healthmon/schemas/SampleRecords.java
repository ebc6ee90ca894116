package dev.healthmon.schemas;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** One fully populated instance of every event type, for round-trip tests here and in other modules. */
public final class SampleRecords {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    private SampleRecords() {
    }

    public static List<SpecificRecord> all() {
        return List.of(targetDefinition(), checkResult(), targetStatus(), healthEvent(), uptimeBucket(),
                groupStatus());
    }

    public static TargetDefinition targetDefinition() {
        return TargetDefinition.newBuilder()
                .setId("checkout-api")
                .setName("Checkout API")
                .setGroup("shop")
                .setCritical(true)
                .setDependsOn(List.of("payments-db"))
                .setLabels(Map.of("team", "payments", "managed-by", "gitops"))
                .setEnabled(true)
                .setRegions(List.of("eu-west", "us-east"))
                .setQuorum(Quorum.MAJORITY)
                .setSchedule(Schedule.newBuilder().setIntervalMs(30_000).setTimeoutMs(5_000)
                        .setInitialDelayMs(1_000).build())
                .setFailureThreshold(3)
                .setSuccessThreshold(2)
                .setStaleAfterMs(null)
                .setCircuitBreaker(CircuitBreakerSettings.newBuilder().build())
                .setCheck(HttpCheck.newBuilder()
                        .setMethod(HttpMethod.POST)
                        .setUrl("https://checkout.example.com/health")
                        .setHeaders(List.of(new HttpHeader("Authorization", "Bearer s3cr3t", true),
                                new HttpHeader("Accept", "application/json", false)))
                        .setBody("{\"probe\":true}")
                        .setExpectedStatus(List.of(new StatusRange(200, 204)))
                        .setBodyAssertion(new BodyAssertion(BodyAssertionKind.JSON_PATH, "$.status", "ok"))
                        .setMaxResponseTimeMs(800L)
                        .setFollowRedirects(false)
                        .setVerifyTls(true)
                        .setRetries(1)
                        .setHttpVersion(HttpVersion.HTTP_2)
                        .setReuseConnections(false)
                        .build())
                .build();
    }

    public static CheckResult checkResult() {
        return CheckResult.newBuilder()
                .setTargetId("checkout-api")
                .setCheckType(CheckType.HTTP)
                .setOutcome(Outcome.DOWN)
                .setFailureKind(FailureKind.HTTP_STATUS)
                .setLatencyMicros(12_345L)
                .setRegion("eu-west")
                .setProberId("prober-eu-1")
                .setStartedAt(T0)
                .setStatusCode(503)
                .setExitCode(null)
                .setMessage("HTTP 503, expected 200-204")
                .setDetails(Map.of("attempts", "2"))
                .build();
    }

    public static TargetStatus targetStatus() {
        return TargetStatus.newBuilder()
                .setTargetId("checkout-api")
                .setState(TargetState.DEGRADED)
                .setSince(T0)
                .setUpdatedAt(T0.plusSeconds(30))
                .setGroup("shop")
                .setCritical(true)
                .setRegions(List.of(
                        new RegionStatus("eu-west", RegionState.DOWN, 3, 0, T0, FailureKind.HTTP_STATUS, "HTTP 503"),
                        new RegionStatus("us-east", RegionState.UP, 0, 12, T0.minusSeconds(5), null, null)))
                .setOpenIncidentId(null)
                .setRootCause(null)
                .setCircuit(new CircuitStatus(CircuitState.OPEN, T0, 5, 0, 3))
                .build();
    }

    public static HealthEvent healthEvent() {
        return HealthEvent.newBuilder()
                .setEventId("checkout-api:TARGET_UP:1763719200000")
                .setType(HealthEventType.TARGET_UP)
                .setSubject("checkout-api")
                .setPeriodId("checkout-api:1763719200000")
                .setOccurredAt(T0.plusSeconds(90))
                .setState(TargetState.UP)
                .setCircuitState(null)
                .setGroupState(null)
                .setCloseReason(CloseReason.RECOVERED)
                .setDurationMs(90_000L)
                .setFailureKind(FailureKind.TIMEOUT)
                .setMessage("recovered")
                .setRootCause("payments-db")
                .setSuppressed(true)
                .build();
    }

    public static UptimeBucket uptimeBucket() {
        return UptimeBucket.newBuilder()
                .setTargetId("checkout-api")
                .setGranularity(Granularity.MINUTE)
                .setBucketStart(T0)
                .setChecks(4)
                .setUp(3)
                .setDown(1)
                .setFailuresByKind(Map.of("TIMEOUT", 1L))
                .setTimeInStateMs(Map.of("UP", 45_000L, "DOWN", 15_000L))
                .setLatencySumMicros(40_000)
                .setLatencyCount(4)
                .setLatencySketch(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}))
                .build();
    }

    public static GroupStatus groupStatus() {
        return GroupStatus.newBuilder()
                .setGroup("shop")
                .setState(GroupState.UNHEALTHY)
                .setScore(0.5)
                .setMembersByState(Map.of("UP", 1, "DOWN", 1))
                .setMembers(List.of(new GroupMember("checkout-api", TargetState.DOWN, true),
                        new GroupMember("catalog", TargetState.UP, false)))
                .setUpdatedAt(T0)
                .build();
    }
}
