package dev.healthmon.prober.check;

import static dev.healthmon.prober.check.TestServers.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.healthmon.prober.safety.SafeAddressResolver;
import dev.healthmon.prober.safety.TestAddressPolicies;
import dev.healthmon.schemas.DnsCheck;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.Outcome;
import dev.healthmon.schemas.TcpCheck;
import dev.healthmon.schemas.TlsCheck;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.NetServer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TcpTlsDnsCheckerTest {

    private static final long TIMEOUT_MS = 5_000;
    private static Instant now;

    private static Vertx vertx;
    private static TestServers servers;
    private static SafeAddressResolver resolver;
    private static TcpChecker tcp;
    private static TlsCertificateChecker tls;
    private static DnsChecker dns;

    @BeforeAll
    static void start() {
        now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        vertx = ProbeVertx.create(2, List.of(), new SocketBudget());
        servers = new TestServers(vertx);
        resolver = new SafeAddressResolver(vertx, TestAddressPolicies.defaults());
        tcp = new TcpChecker(vertx, resolver, 1024);
        tls = new TlsCertificateChecker(vertx, resolver, Clock.fixed(now, ZoneOffset.UTC));
        dns = new DnsChecker(vertx, resolver);
    }

    @AfterAll
    static void stop() {
        await(tcp.close());
        await(tls.close());
        await(vertx.close());
    }

    private static CheckVerdict tcp(TcpCheck.Builder check) {
        return await(tcp.check(check.build(), TIMEOUT_MS));
    }

    private static TcpCheck.Builder tcpTo(NetServer server) {
        return TcpCheck.newBuilder().setHost("localhost").setPort(server.actualPort());
    }

    @Test
    void tcpConnectOnly() {
        assertThat(tcp(tcpTo(servers.tcp(null))).outcome()).isEqualTo(Outcome.UP);
        assertThat(tcp(TcpCheck.newBuilder().setHost("127.0.0.1").setPort(TestServers.freePort())).failureKind())
                .isEqualTo(FailureKind.CONNECTION_REFUSED);
    }

    @Test
    void tcpSendAndExpect() {
        NetServer server = servers.tcp("SSH-2.0-test\r\n");
        assertThat(tcp(tcpTo(server).setExpect("SSH-2.0")).outcome()).isEqualTo(Outcome.UP);
        assertThat(tcp(tcpTo(server).setSend("PING\n").setExpect("PONG")).outcome()).isEqualTo(Outcome.UP);
        assertThat(tcp(tcpTo(server).setSend("PING\n")).outcome()).isEqualTo(Outcome.UP);
    }

    @Test
    void tcpReplyWithoutTheExpectedText() {
        NetServer server = servers.tcp("HELLO\n");
        CheckVerdict closed = tcp(tcpTo(server).setSend("BYE\n").setExpect("WELCOME"));
        assertThat(closed.failureKind()).isEqualTo(FailureKind.UNEXPECTED_RESPONSE);
        // What was read before the close depends on TCP timing: a close right after our BYE may reset the
        // connection before the banner is read, so only the verdict is certain.
        assertThat(closed.message()).startsWith("reply did not contain 'WELCOME' before the connection closed; got '");
        CheckVerdict tooLong = tcp(tcpTo(servers.tcp("y".repeat(5000))).setExpect("WELCOME"));
        assertThat(tooLong.failureKind()).isEqualTo(FailureKind.UNEXPECTED_RESPONSE);
        assertThat(tooLong.message()).contains("in the first 1024 bytes");
    }

    @Test
    void tcpSilentServerTimesOut() {
        CheckVerdict verdict = await(tcp.check(tcpTo(servers.tcp(null)).setExpect("anything").build(), 300));
        assertThat(verdict.failureKind()).isEqualTo(FailureKind.TIMEOUT);
    }

    @Test
    void tcpRefusesLinkLocal() {
        CheckVerdict verdict = tcp(TcpCheck.newBuilder().setHost("169.254.1.1").setPort(22));
        assertThat(verdict.failureKind()).isEqualTo(FailureKind.OTHER);
        assertThat(verdict.message()).contains("denied range 169.254.0.0/16");
    }

    private static CheckVerdict tlsCheck(SelfSignedCertificate certificate, int minDays) {
        NetServer server = servers.tls(certificate);
        return await(tls.check(TlsCheck.newBuilder().setHost("localhost").setPort(server.actualPort())
                .setMinDaysRemaining(minDays).build(), TIMEOUT_MS));
    }

    @Test
    void tlsCertificateWithEnoughDaysLeft() {
        CheckVerdict verdict = tlsCheck(SelfSignedCertificate.forLocalhost(now.minus(10, ChronoUnit.DAYS),
                now.plus(90, ChronoUnit.DAYS).plusSeconds(3600)), 14);
        assertThat(verdict.outcome()).isEqualTo(Outcome.UP);
        assertThat(verdict.details()).containsEntry(TlsCertificateChecker.DAYS_REMAINING, "90")
                .containsEntry("tlsSubject", "CN=localhost");
    }

    @Test
    void tlsCertificateExpiringSoon() {
        CheckVerdict verdict = tlsCheck(SelfSignedCertificate.forLocalhost(now.minus(80, ChronoUnit.DAYS),
                now.plus(5, ChronoUnit.DAYS).plusSeconds(3600)), 14);
        assertThat(verdict.failureKind()).isEqualTo(FailureKind.TLS);
        assertThat(verdict.message()).isEqualTo("certificate expires in 5 days, fewer than 14");
        assertThat(verdict.details()).containsEntry(TlsCertificateChecker.DAYS_REMAINING, "5");
    }

    @Test
    void tlsCertificateExpired() {
        CheckVerdict verdict = tlsCheck(SelfSignedCertificate.forLocalhost(now.minus(90, ChronoUnit.DAYS),
                now.minus(3, ChronoUnit.DAYS)), 14);
        assertThat(verdict.failureKind()).isEqualTo(FailureKind.TLS);
        assertThat(verdict.message()).isEqualTo("certificate expired 3 days ago");
    }

    @Test
    void tlsHandshakeWithAPlainServerFails() {
        int plainPort = servers.http(new HttpServerOptions()).actualPort();
        CheckVerdict verdict = await(tls.check(TlsCheck.newBuilder().setHost("localhost").setPort(plainPort).build(),
                TIMEOUT_MS));
        assertThat(verdict.failureKind()).isEqualTo(FailureKind.TLS);
    }

    @Test
    void dnsResolves() {
        CheckVerdict verdict = await(dns.check(DnsCheck.newBuilder().setHostname("localhost").build(), TIMEOUT_MS));
        assertThat(verdict.outcome()).isEqualTo(Outcome.UP);
        assertThat(verdict.details().get("resolvedAddresses")).contains("127.0.0.1");
    }

    @Test
    void dnsExpectedAddress() {
        assertThat(await(dns.check(DnsCheck.newBuilder().setHostname("localhost")
                .setExpectedAddresses(List.of("10.1.1.1", "127.0.0.1")).build(), TIMEOUT_MS)).outcome())
                .isEqualTo(Outcome.UP);
        CheckVerdict wrong = await(dns.check(DnsCheck.newBuilder().setHostname("localhost")
                .setExpectedAddresses(List.of("10.1.1.1")).build(), TIMEOUT_MS));
        assertThat(wrong.failureKind()).isEqualTo(FailureKind.DNS);
        assertThat(wrong.message()).startsWith("resolved to 127.0.0.1").endsWith("expected one of 10.1.1.1");
    }

    @Test
    void dnsFailureForAnInvalidName() {
        CheckVerdict verdict = await(dns.check(DnsCheck.newBuilder().setHostname("nothing-here.invalid").build(),
                TIMEOUT_MS));
        assertThat(verdict.failureKind()).isEqualTo(FailureKind.DNS);
    }
}
