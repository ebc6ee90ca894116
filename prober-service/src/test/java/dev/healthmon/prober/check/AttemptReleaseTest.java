package dev.healthmon.prober.check;

import static dev.healthmon.prober.check.TestServers.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.healthmon.prober.safety.SafeAddressResolver;
import dev.healthmon.prober.safety.TestAddressPolicies;
import dev.healthmon.schemas.DnsCheck;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.HttpCheck;
import dev.healthmon.schemas.TcpCheck;
import dev.healthmon.schemas.TlsCheck;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A timed-out attempt releases its socket at once, in whatever phase it timed out: waiting for the SYN-ACK of a
 * host that never answers, in a TLS handshake the server never answers, or waiting for a response. Without that a
 * black-holed target keeps a socket in {@code SYN-SENT} for about two minutes per attempt, and a prober with many
 * such targets runs out of descriptors. The kernel gives up on a SYN after about 127 s; here the sockets must be
 * gone, and their descriptors released, by the time the verdict is given.
 */
class AttemptReleaseTest {

    private static final long TIMEOUT_MS = 500;
    private static final int ATTEMPTS = 20;
    private static final Duration RELEASED_WITHIN = Duration.ofSeconds(5);

    private static Vertx vertx;
    private static Vertx servers;
    private static BlackHole blackHole;
    private static SafeAddressResolver resolver;
    private static HttpChecker http;
    private static TcpChecker tcp;
    private static TlsCertificateChecker tls;

    @BeforeAll
    static void start() {
        vertx = ProbeVertx.create(2, List.of(), new SocketBudget());
        servers = Vertx.vertx();
        blackHole = new BlackHole();
        resolver = new SafeAddressResolver(vertx, TestAddressPolicies.defaults());
        http = new HttpChecker(vertx, resolver, 1024);
        tcp = new TcpChecker(vertx, resolver, 1024);
        tls = new TlsCertificateChecker(vertx, resolver, Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws Exception {
        await(Future.join(http.close(), tcp.close(), tls.close()));
        await(vertx.close());
        await(servers.close());
        blackHole.close();
    }

    /**
     * Runs the checks at once; every one must time out (or, on a machine so busy that the prober noticed the
     * deadline a whole timeout late, not be checked).
     */
    private static void allTimeOut(Supplier<Future<CheckVerdict>> check) {
        List<Future<CheckVerdict>> running = IntStream.range(0, ATTEMPTS).mapToObj(i -> check.get()).toList();
        await(Future.join(running).otherwiseEmpty());
        assertThat(running).allSatisfy(verdict -> {
            if (verdict.succeeded()) {
                assertThat(verdict.result().failureKind()).isEqualTo(FailureKind.TIMEOUT);
            } else {
                assertThat(verdict.cause()).isInstanceOfSatisfying(NotCheckedException.class,
                        notChecked -> assertThat(notChecked.reason()).isEqualTo(NotCheckedReason.OVERLOADED));
            }
        });
    }

    private static void noSocketLeftInSynSent() {
        assertThat(blackHole.synSent()).as("sockets still in SYN-SENT once the verdicts are in").isZero();
    }

    @Test
    void httpConnectTimeoutClosesTheSocketStillWaitingForTheSynAck() {
        long before = BlackHole.descriptors();
        allTimeOut(() -> http.check(HttpCheck.newBuilder().setUrl("http://127.0.0.1:" + blackHole.port() + "/")
                .build(), TIMEOUT_MS));
        noSocketLeftInSynSent();
        // The descriptors went with the sockets (give or take one the JVM opened meanwhile, a jar to load a class).
        assertThat(BlackHole.descriptors()).isLessThanOrEqualTo(before + 3);
    }

    @Test
    void pooledHttpConnectionsGiveUpWithinTheTimeoutToo() {
        allTimeOut(() -> http.check(HttpCheck.newBuilder().setUrl("http://127.0.0.1:" + blackHole.port() + "/pool")
                .setReuseConnections(true).build(), TIMEOUT_MS));
        // The pool's connections are not the attempt's: their own connect timeout, started a little later, ends
        // them, long before the kernel would.
        await().atMost(RELEASED_WITHIN).until(() -> blackHole.synSent() == 0);
    }

    @Test
    void tcpAndTlsConnectTimeoutsCloseTheSocket() {
        allTimeOut(() -> tcp.check(TcpCheck.newBuilder().setHost("127.0.0.1").setPort(blackHole.port()).build(),
                TIMEOUT_MS));
        allTimeOut(() -> tls.check(TlsCheck.newBuilder().setHost("127.0.0.1").setPort(blackHole.port()).build(),
                TIMEOUT_MS));
        noSocketLeftInSynSent();
    }

    @Test
    void aTlsHandshakeTheServerNeverAnswersIsClosedAtTheTimeout() {
        // Accepts, reads the ClientHello and never answers it; counts the connections it holds open.
        AtomicInteger open = new AtomicInteger();
        NetServer silent = await(servers.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0))
                .connectHandler(socket -> {
                    open.incrementAndGet();
                    socket.handler(ignored -> { });
                    socket.closeHandler(closed -> open.decrementAndGet());
                })
                .listen());
        allTimeOut(() -> tls.check(TlsCheck.newBuilder().setHost("localhost").setPort(silent.actualPort()).build(),
                TIMEOUT_MS));
        allTimeOut(() -> http.check(HttpCheck.newBuilder().setUrl("https://localhost:" + silent.actualPort() + "/")
                .build(), TIMEOUT_MS));
        await().atMost(RELEASED_WITHIN).until(() -> open.get() == 0);
        await(silent.close());
    }

    @Test
    void aNameServerThatNeverAnswersCostsNoDescriptorPerQuery() throws Exception {
        try (DatagramSocket silentNameServer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Vertx resolving = ProbeVertx.create(1, List.of("127.0.0.1:" + silentNameServer.getLocalPort()),
                    new SocketBudget());
            try {
                SafeAddressResolver silent = new SafeAddressResolver(resolving, TestAddressPolicies.defaults());
                DnsChecker dns = new DnsChecker(resolving, silent);
                HttpChecker httpViaSilent = new HttpChecker(resolving, silent, 1024);
                long before = BlackHole.descriptors();
                List<Future<CheckVerdict>> verdicts = IntStream.range(0, ATTEMPTS).mapToObj(i -> i % 2 == 0
                        ? dns.check(DnsCheck.newBuilder().setHostname("svc-" + i + ".example.test").build(), TIMEOUT_MS)
                        : httpViaSilent.check(HttpCheck.newBuilder().setUrl("http://svc-" + i + ".example.test/")
                                .build(), TIMEOUT_MS)).toList();
                await(Future.join(verdicts));
                // No answer while resolving is the name service's failure, not a timeout of the target.
                assertThat(verdicts).allSatisfy(verdict -> assertThat(verdict.result().failureKind())
                        .isEqualTo(FailureKind.DNS));
                // The resolver's one socket, whatever the number of queries waiting.
                assertThat(BlackHole.descriptors()).isLessThanOrEqualTo(before + 3);
                await(httpViaSilent.close());
            } finally {
                await(resolving.close());
            }
        }
    }
}
