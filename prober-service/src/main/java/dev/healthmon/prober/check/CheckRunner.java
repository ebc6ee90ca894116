package dev.healthmon.prober.check;

import dev.healthmon.prober.safety.AddressPolicy;
import dev.healthmon.prober.safety.SafeAddressResolver;
import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.CheckType;
import dev.healthmon.schemas.DnsCheck;
import dev.healthmon.schemas.HttpCheck;
import dev.healthmon.schemas.TargetDefinition;
import dev.healthmon.schemas.TcpCheck;
import dev.healthmon.schemas.TlsCheck;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;

/** Runs the check of a target once and turns its verdict into the {@code CheckResult} to publish. */
public final class CheckRunner {

    private static final ProbeRun STOPPING = new ProbeRun.NotChecked(NotCheckedReason.SHUTTING_DOWN,
            "the prober is stopping");

    private final HttpChecker http;
    private final TcpChecker tcp;
    private final DnsChecker dns;
    private final TlsCertificateChecker tls;
    private final String region;
    private final String proberId;
    private volatile boolean closing;

    public CheckRunner(Vertx vertx, AddressPolicy policy, Clock clock, int bodyLimitBytes, String region,
            String proberId) {
        SafeAddressResolver resolver = new SafeAddressResolver(vertx, policy);
        this.http = new HttpChecker(vertx, resolver, bodyLimitBytes);
        this.tcp = new TcpChecker(vertx, resolver, bodyLimitBytes);
        this.dns = new DnsChecker(vertx, resolver);
        this.tls = new TlsCertificateChecker(vertx, resolver, clock);
        this.region = region;
        this.proberId = proberId;
    }

    /** Whether the prober runs this target's check; heartbeat targets are pushed to, never probed. */
    public static boolean isProbed(TargetDefinition target) {
        return !(target.getCheck() instanceof dev.healthmon.schemas.HeartbeatCheck);
    }

    /**
     * Runs the check. The future always succeeds: with the result to publish, failures of the target being
     * {@code DOWN} results, or with why the prober could not check it, for a reason of its own.
     */
    public Future<ProbeRun> run(TargetDefinition target, Instant startedAt) {
        if (closing) {
            return Future.succeededFuture(STOPPING);
        }
        long timeoutMs = target.getSchedule().getTimeoutMs();
        Object check = target.getCheck();
        long startNanos = System.nanoTime();
        Future<CheckVerdict> verdict;
        CheckType type;
        if (check instanceof HttpCheck httpCheck) {
            type = CheckType.HTTP;
            verdict = started(() -> http.check(httpCheck, timeoutMs));
        } else if (check instanceof TcpCheck tcpCheck) {
            type = CheckType.TCP;
            verdict = started(() -> tcp.check(tcpCheck, timeoutMs));
        } else if (check instanceof DnsCheck dnsCheck) {
            type = CheckType.DNS;
            verdict = started(() -> dns.check(dnsCheck, timeoutMs));
        } else if (check instanceof TlsCheck tlsCheck) {
            type = CheckType.TLS;
            verdict = started(() -> tls.check(tlsCheck, timeoutMs));
        } else {
            return Future.succeededFuture(new ProbeRun.NotChecked(NotCheckedReason.INTERNAL_ERROR,
                    "target " + target.getId() + " has no check the prober runs"));
        }
        return verdict.recover(FailureClassifier::judge).transform(done -> {
            if (done.failed()) {
                Throwable error = done.cause();
                return Future.succeededFuture(new ProbeRun.NotChecked(error instanceof NotCheckedException notChecked
                        ? notChecked.reason() : NotCheckedReason.INTERNAL_ERROR, FailureClassifier.describe(error)));
            }
            CheckVerdict found = done.result();
            // A failure found while the prober stops may be the stop's doing (its connections are being closed).
            if (closing && !found.isUp()) {
                return Future.succeededFuture(STOPPING);
            }
            return Future.succeededFuture(new ProbeRun.Checked(CheckResult.newBuilder()
                    .setTargetId(target.getId())
                    .setCheckType(type)
                    .setOutcome(found.outcome())
                    .setFailureKind(found.failureKind())
                    .setLatencyMicros((System.nanoTime() - startNanos) / 1_000)
                    .setRegion(region)
                    .setProberId(proberId)
                    .setStartedAt(startedAt)
                    .setStatusCode(found.statusCode())
                    .setMessage(found.message())
                    .setDetails(found.details())
                    .build()));
        });
    }

    /** The check's verdict, or its failure when it throws instead of returning one. */
    private static Future<CheckVerdict> started(Supplier<Future<CheckVerdict>> check) {
        try {
            return check.get();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /** Closes the clients; from now on no run is checked, and a failure found by a run in flight is not reported. */
    public Future<Void> close() {
        closing = true;
        return Future.join(http.close(), tcp.close(), tls.close()).mapEmpty();
    }
}
