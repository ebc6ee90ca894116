package dev.healthmon.prober.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.healthmon.prober.safety.AddressRefusedException;
import dev.healthmon.schemas.FailureKind;
import io.netty.channel.ChannelException;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpClosedException;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.concurrent.RejectedExecutionException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class FailureClassifierTest {

    @Test
    void classifiesByTheMostSpecificCauseInTheChain() {
        assertThat(kind(new ProbeTimeoutException(Attempt.Phase.WAITING, 10))).isEqualTo(FailureKind.TIMEOUT);
        assertThat(kind(new ProbeTimeoutException(Attempt.Phase.CONNECTING, 10))).isEqualTo(FailureKind.TIMEOUT);
        assertThat(kind(new ProbeTimeoutException(Attempt.Phase.RESOLVING, 10))).isEqualTo(FailureKind.DNS);
        assertThat(kind(new ConnectTimeoutException("connection timed out"))).isEqualTo(FailureKind.TIMEOUT);
        assertThat(kind(new ConnectException("Connection refused: localhost/127.0.0.1:1")))
                .isEqualTo(FailureKind.CONNECTION_REFUSED);
        assertThat(kind(new NoRouteToHostException("No route to host"))).isEqualTo(FailureKind.UNREACHABLE);
        // A firewall of the prober's own host refusing the connection: unreachable from here.
        assertThat(kind(new SocketException("Operation not permitted"))).isEqualTo(FailureKind.UNREACHABLE);
        assertThat(kind(new ConnectException("Connection timed out"))).isEqualTo(FailureKind.TIMEOUT);
        assertThat(kind(new ConnectException("Network is unreachable"))).isEqualTo(FailureKind.UNREACHABLE);
        assertThat(kind(new UnknownHostException("x.invalid"))).isEqualTo(FailureKind.DNS);
        assertThat(kind(new VertxException(new SSLHandshakeException("PKIX path building failed"))))
                .isEqualTo(FailureKind.TLS);
        assertThat(kind(new HttpClosedException("Connection was closed"))).isEqualTo(FailureKind.UNEXPECTED_RESPONSE);
        assertThat(kind(new IOException("Connection reset by peer"))).isEqualTo(FailureKind.UNEXPECTED_RESPONSE);
        assertThat(kind(new AddressRefusedException("metadata", "denied"))).isEqualTo(FailureKind.OTHER);
        assertThat(kind(new IllegalStateException("something else"))).isEqualTo(FailureKind.OTHER);
    }

    @Test
    void theProbersOwnFailuresAreToldApartWhereverTheyAreInTheChain() {
        // As Netty reports a socket it could not open.
        assertThat(own(new ChannelException("Failed to open a socket.", new SocketException("Too many open files"))))
                .contains(NotCheckedReason.NO_DESCRIPTOR);
        assertThat(own(new IOException("Too many open files in system"))).contains(NotCheckedReason.NO_DESCRIPTOR);
        assertThat(own(new BindException("Cannot assign requested address")))
                .contains(NotCheckedReason.NO_EPHEMERAL_PORT);
        assertThat(own(new SocketException("No buffer space available"))).contains(NotCheckedReason.NO_BUFFER);
        assertThat(own(new VertxException(new OutOfMemoryError("Direct buffer memory"))))
                .contains(NotCheckedReason.NO_BUFFER);
        assertThat(own(new IllegalStateException("query ID space exhausted: [svc.example. IN A]")))
                .contains(NotCheckedReason.NO_DNS_QUERY_ID);
        assertThat(own(new RejectedExecutionException("event executor terminated")))
                .contains(NotCheckedReason.SHUTTING_DOWN);
        assertThat(own(new NullPointerException())).contains(NotCheckedReason.INTERNAL_ERROR);
        // The target's, or its network's: none of the prober's own.
        assertThat(own(new ConnectException("Connection refused"))).isEmpty();
        assertThat(own(new ProbeTimeoutException(Attempt.Phase.CONNECTING, 10))).isEmpty();
        assertThat(own(new IllegalStateException("something else"))).isEmpty();
    }

    @Test
    void anOwnFailureIsNoVerdict() {
        var judged = FailureClassifier.judge(new ChannelException("Failed to open a socket.",
                new SocketException("Too many open files")));
        assertThat(judged.failed()).isTrue();
        assertThat(judged.cause()).isInstanceOfSatisfying(NotCheckedException.class, notChecked -> {
            assertThat(notChecked.reason()).isEqualTo(NotCheckedReason.NO_DESCRIPTOR);
            assertThat(notChecked.getMessage()).isEqualTo("Failed to open a socket.");
        });
        assertThat(FailureClassifier.judge(new ConnectException("Connection refused")).result().failureKind())
                .isEqualTo(FailureKind.CONNECTION_REFUSED);
    }

    @Test
    void messageComesFromTheFirstCauseThatHasOne() {
        assertThat(FailureClassifier.classify(new VertxException((String) null, new ConnectException("refused")))
                .message()).isEqualTo("refused");
        assertThat(FailureClassifier.classify(new IllegalStateException()).message())
                .isEqualTo("IllegalStateException");
    }

    private static java.util.Optional<NotCheckedReason> own(Throwable error) {
        return FailureClassifier.notCheckedReason(error);
    }

    private static FailureKind kind(Throwable error) {
        return FailureClassifier.classify(error).failureKind();
    }
}
