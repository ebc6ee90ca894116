package dev.healthmon.prober.check;

import dev.healthmon.prober.safety.SafeAddressResolver;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.TlsCheck;
import io.netty.util.NetUtil;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Runs {@link TlsCheck}s: completes a TLS handshake (sending the host name as SNI) and reads how many days the
 * server's certificate has left. The chain is deliberately not verified, so that an expired or otherwise
 * untrusted certificate is still measured and reported by its dates rather than as a handshake failure.
 */
public final class TlsCertificateChecker {

    static final String DAYS_REMAINING = "tlsDaysRemaining";

    private final Vertx vertx;
    private final SafeAddressResolver resolver;
    private final Clock clock;
    private final NetClient client;

    public TlsCertificateChecker(Vertx vertx, SafeAddressResolver resolver, Clock clock) {
        this.vertx = vertx;
        this.resolver = resolver;
        this.clock = clock;
        this.client = vertx.createNetClient(new NetClientOptions()
                .setSsl(true)
                .setTrustAll(true)
                .setHostnameVerificationAlgorithm("")
                // No connect or handshake timer of Netty's own: the attempt's timer covers both, and closes the socket.
                .setConnectTimeout(0)
                .setSslHandshakeTimeout(0));
    }

    public Future<CheckVerdict> check(TlsCheck check, long timeoutMs) {
        Attempt attempt = new Attempt(vertx, timeoutMs);
        String host = check.getHost();
        resolver.resolvePermitted(host)
                .compose(address -> {
                    attempt.phase(Attempt.Phase.CONNECTING);
                    SocketAddress remote = attempt.server(address, check.getPort());
                    // An IP literal is no valid SNI name.
                    return NetUtil.createByteArrayFromIpAddressString(host) == null
                            ? client.connect(remote, host) : client.connect(remote);
                })
                .onSuccess(socket -> attempt.complete(judge(check, socket)))
                .onFailure(attempt::fail);
        return attempt.verdict();
    }

    private CheckVerdict judge(TlsCheck check, NetSocket socket) {
        List<Certificate> chain;
        try {
            chain = socket.peerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return CheckVerdict.down(FailureKind.TLS, "server presented no certificate");
        }
        if (chain.isEmpty() || !(chain.get(0) instanceof X509Certificate certificate)) {
            return CheckVerdict.down(FailureKind.TLS, "server presented no X.509 certificate");
        }
        Instant notAfter = certificate.getNotAfter().toInstant();
        // Whole days, rounded down: 13 days and 23 hours left is 13, below a minimum of 14.
        long daysLeft = Math.floorDiv(Duration.between(clock.instant(), notAfter).toSeconds(), 86_400);
        Map<String, String> details = Map.of(
                DAYS_REMAINING, Long.toString(daysLeft),
                "tlsNotAfter", notAfter.toString(),
                "tlsSubject", certificate.getSubjectX500Principal().getName());
        if (daysLeft < 0) {
            return CheckVerdict.down(FailureKind.TLS, null, "certificate expired " + -daysLeft + " days ago",
                    details);
        }
        if (daysLeft < check.getMinDaysRemaining()) {
            return CheckVerdict.down(FailureKind.TLS, null, "certificate expires in " + daysLeft
                    + " days, fewer than " + check.getMinDaysRemaining(), details);
        }
        return CheckVerdict.up(null, "certificate valid for " + daysLeft + " more days", details);
    }

    public Future<Void> close() {
        return client.close();
    }
}
