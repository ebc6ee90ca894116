package dev.healthmon.prober.check;

import dev.healthmon.prober.safety.AddressRefusedException;
import dev.healthmon.schemas.FailureKind;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.resolver.dns.DnsNameResolverException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.StreamResetException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertificateException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/** Turns the error that ended a check attempt into a {@code DOWN} verdict with the failure kind it stands for. */
final class FailureClassifier {

    private FailureClassifier() {
    }

    static CheckVerdict classify(Throwable error) {
        // Netty and Vert.x wrap the cause, and the most specific answer is found anywhere in the chain; its
        // message is the telling one ("PKIX path building failed" rather than "Failed to create SSL connection").
        FailureKind kind = null;
        Throwable telling = error;
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            FailureKind causeKind = directKind(cause);
            if (kind == null && causeKind != null) {
                kind = causeKind;
                telling = cause;
            } else if (kind != null && causeKind == kind && cause.getMessage() != null) {
                telling = cause;
            }
        }
        return CheckVerdict.down(kind == null ? FailureKind.OTHER : kind, describe(telling));
    }

    private static FailureKind directKind(Throwable error) {
        if (error instanceof ProbeTimeoutException timeout) {
            return timeout.phase() == Attempt.Phase.RESOLVING ? FailureKind.DNS : FailureKind.TIMEOUT;
        }
        if (error instanceof AddressRefusedException) {
            return FailureKind.OTHER;
        }
        if (error instanceof UnknownHostException || error instanceof DnsNameResolverException) {
            return FailureKind.DNS;
        }
        if (error instanceof SSLException || error instanceof CertificateException) {
            return FailureKind.TLS;
        }
        if (error instanceof ConnectTimeoutException || error instanceof TimeoutException) {
            return FailureKind.TIMEOUT;
        }
        String message = String.valueOf(error.getMessage()).toLowerCase(Locale.ROOT);
        if (error instanceof NoRouteToHostException || error instanceof PortUnreachableException
                || message.contains("unreachable") || message.contains("no route to host")) {
            return FailureKind.UNREACHABLE;
        }
        if (error instanceof ConnectException) {
            return message.contains("refused") ? FailureKind.CONNECTION_REFUSED : FailureKind.UNREACHABLE;
        }
        // The connection was made, but what came back was not a complete answer.
        if (error instanceof HttpClosedException || error instanceof StreamResetException
                || error instanceof ClosedChannelException || error instanceof DecoderException
                || (error instanceof IOException && message.contains("reset"))) {
            return FailureKind.UNEXPECTED_RESPONSE;
        }
        return null;
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        if (message == null || message.isBlank()) {
            Throwable cause = error.getCause();
            return cause != null && cause != error ? describe(cause) : error.getClass().getSimpleName();
        }
        return message;
    }
}
