package dev.healthmon.prober.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.healthmon.prober.safety.AddressRefusedException;
import dev.healthmon.schemas.FailureKind;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpClosedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
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
    void messageComesFromTheFirstCauseThatHasOne() {
        assertThat(FailureClassifier.classify(new VertxException((String) null, new ConnectException("refused")))
                .message()).isEqualTo("refused");
        assertThat(FailureClassifier.classify(new IllegalStateException()).message())
                .isEqualTo("IllegalStateException");
    }

    private static FailureKind kind(Throwable error) {
        return FailureClassifier.classify(error).failureKind();
    }
}
