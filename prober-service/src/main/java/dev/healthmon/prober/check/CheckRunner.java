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

/** Runs the check of a target once and turns its verdict into the {@code CheckResult} to publish. */
public final class CheckRunner {

    private final HttpChecker http;
    private final TcpChecker tcp;
    private final DnsChecker dns;
    private final TlsCertificateChecker tls;
    private final String region;
    private final String proberId;

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

    /** Runs the check; the future always succeeds, failures being {@code DOWN} results. */
    public Future<CheckResult> run(TargetDefinition target, Instant startedAt) {
        long timeoutMs = target.getSchedule().getTimeoutMs();
        Object check = target.getCheck();
        long startNanos = System.nanoTime();
        Future<CheckVerdict> verdict;
        CheckType type;
        if (check instanceof HttpCheck httpCheck) {
            type = CheckType.HTTP;
            verdict = http.check(httpCheck, timeoutMs);
        } else if (check instanceof TcpCheck tcpCheck) {
            type = CheckType.TCP;
            verdict = tcp.check(tcpCheck, timeoutMs);
        } else if (check instanceof DnsCheck dnsCheck) {
            type = CheckType.DNS;
            verdict = dns.check(dnsCheck, timeoutMs);
        } else if (check instanceof TlsCheck tlsCheck) {
            type = CheckType.TLS;
            verdict = tls.check(tlsCheck, timeoutMs);
        } else {
            return Future.failedFuture(new IllegalArgumentException(
                    "Target " + target.getId() + " has no check the prober runs"));
        }
        return verdict
                .recover(error -> Future.succeededFuture(FailureClassifier.classify(error)))
                .map(found -> CheckResult.newBuilder()
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
                        .build());
    }

    public Future<Void> close() {
        return Future.join(http.close(), tcp.close(), tls.close()).mapEmpty();
    }
}
