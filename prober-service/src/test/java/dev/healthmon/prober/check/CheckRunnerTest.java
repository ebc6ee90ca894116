package dev.healthmon.prober.check;

import static dev.healthmon.prober.check.TestServers.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.healthmon.prober.safety.TestAddressPolicies;
import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.CheckType;
import dev.healthmon.schemas.DnsCheck;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.HeartbeatCheck;
import dev.healthmon.schemas.HttpCheck;
import dev.healthmon.schemas.HttpHeader;
import dev.healthmon.schemas.Outcome;
import dev.healthmon.schemas.Schedule;
import dev.healthmon.schemas.TargetDefinition;
import dev.healthmon.schemas.TcpCheck;
import dev.healthmon.schemas.TlsCheck;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CheckRunnerTest {

    private static final Instant STARTED = Instant.parse("2026-11-21T10:00:00.123Z");

    private static Vertx vertx;
    private static CheckRunner runner;
    private static int port;

    @BeforeAll
    static void start() {
        vertx = ProbeVertx.create(2, List.of(), new SocketBudget());
        port = new TestServers(vertx).http(new HttpServerOptions()).actualPort();
        runner = new CheckRunner(vertx, TestAddressPolicies.defaults(), Clock.systemUTC(), 4096, "eu-west", "prober-1");
    }

    @AfterAll
    static void stop() {
        await(runner.close());
        await(vertx.close());
    }

    private static CheckResult checked(TargetDefinition target) {
        ProbeRun run = await(runner.run(target, STARTED));
        if (run instanceof ProbeRun.Checked checked) {
            return checked.result();
        }
        throw new AssertionError("not checked: " + run);
    }

    private static TargetDefinition target(Object check) {
        return TargetDefinition.newBuilder().setId("svc").setName("Service")
                .setSchedule(new Schedule(10_000L, 2_000L, 0L)).setCheck(check).build();
    }

    @Test
    void buildsTheResultOfARun() {
        CheckResult result = checked(target(HttpCheck.newBuilder().setUrl("http://localhost:" + port
                + "/status/503").setHeaders(List.of(new HttpHeader("Authorization", "Bearer hidden", true)))
                .build()));
        assertThat(result.getTargetId()).isEqualTo("svc");
        assertThat(result.getCheckType()).isEqualTo(CheckType.HTTP);
        assertThat(result.getOutcome()).isEqualTo(Outcome.DOWN);
        assertThat(result.getFailureKind()).isEqualTo(FailureKind.HTTP_STATUS);
        assertThat(result.getStatusCode()).isEqualTo(503);
        assertThat(result.getRegion()).isEqualTo("eu-west");
        assertThat(result.getProberId()).isEqualTo("prober-1");
        assertThat(result.getStartedAt()).isEqualTo(STARTED);
        assertThat(result.getLatencyMicros()).isPositive();
        assertThat(result.getDetails()).containsEntry("attempts", "1");
        assertThat(result.toString()).doesNotContain("hidden");
    }

    @Test
    void runsEveryProbedCheckType() {
        assertThat(checked(target(TcpCheck.newBuilder().setHost("localhost").setPort(port).build())).getCheckType())
                .isEqualTo(CheckType.TCP);
        assertThat(checked(target(DnsCheck.newBuilder().setHostname("localhost").build())).getCheckType())
                .isEqualTo(CheckType.DNS);
        CheckResult tls = checked(target(TlsCheck.newBuilder().setHost("localhost").setPort(port).build()));
        assertThat(tls.getCheckType()).isEqualTo(CheckType.TLS);
        assertThat(tls.getFailureKind()).isEqualTo(FailureKind.TLS);
    }

    @Test
    void heartbeatTargetsAreNotProbed() {
        TargetDefinition heartbeat = target(new HeartbeatCheck(60_000L));
        assertThat(CheckRunner.isProbed(heartbeat)).isFalse();
        assertThat(CheckRunner.isProbed(target(DnsCheck.newBuilder().setHostname("x").build()))).isTrue();
        assertThat(await(runner.run(heartbeat, STARTED))).isEqualTo(new ProbeRun.NotChecked(
                NotCheckedReason.INTERNAL_ERROR, "target svc has no check the prober runs"));
    }

    @Test
    void aStoppingRunnerChecksNothingAndReportsNoFailureFoundWhileStopping() {
        CheckRunner stopping = new CheckRunner(vertx, TestAddressPolicies.defaults(), Clock.systemUTC(), 4096,
                "eu-west", "prober-2");
        // A run in flight when the stop comes, against a server that never answers: what it finds (a timeout) may
        // be the stop's doing, as the stop closes connections, so it is not reported.
        TargetDefinition stalled = TargetDefinition.newBuilder(target(HttpCheck.newBuilder()
                        .setUrl("http://localhost:" + port + "/stall").build()))
                .setSchedule(new Schedule(10_000L, 300L, 0L)).build();
        var inFlight = stopping.run(stalled, STARTED);
        await(stopping.close());
        assertThat(await(inFlight)).isEqualTo(new ProbeRun.NotChecked(NotCheckedReason.SHUTTING_DOWN,
                "the prober is stopping"));
        assertThat(await(stopping.run(target(TcpCheck.newBuilder().setHost("localhost").setPort(port).build()),
                STARTED))).isEqualTo(new ProbeRun.NotChecked(NotCheckedReason.SHUTTING_DOWN,
                "the prober is stopping"));
    }
}
