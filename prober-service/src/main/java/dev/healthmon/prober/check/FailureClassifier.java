package dev.healthmon.prober.check;

import dev.healthmon.prober.safety.AddressRefusedException;
import dev.healthmon.schemas.FailureKind;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.resolver.dns.DnsNameResolverException;
import io.vertx.core.Future;
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
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Tells whose failure the error that ended a check attempt is. The prober's own (it ran out of descriptors, ports
 * or buffers, it is stopping, or a bug) is a {@link NotCheckedReason}: the run says nothing about the target. Any
 * other is the target's, or its network's: a {@code DOWN} verdict with the failure kind it stands for.
 */
final class FailureClassifier {

    private FailureClassifier() {
    }

    /** The verdict {@code error} stands for, or a {@link NotCheckedException} when it is the prober's own. */
    static Future<CheckVerdict> judge(Throwable error) {
        Optional<NotCheckedReason> own = notCheckedReason(error);
        return own.isPresent() ? Future.failedFuture(new NotCheckedException(own.get(), describe(error)))
                : Future.succeededFuture(classify(error));
    }

    /**
     * Why {@code error} is the prober's own failure, if it is; looked for anywhere in the cause chain, since Netty
     * wraps the system call's error ("Failed to open a socket." around "Too many open files"). The errors of the
     * system calls are told apart by their text, which is the C library's ({@code strerror}), as the JDK gives no
     * error number.
     */
    static Optional<NotCheckedReason> notCheckedReason(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            NotCheckedReason reason = ownReason(cause);
            if (reason != null) {
                return Optional.of(reason);
            }
        }
        return Optional.empty();
    }

    private static NotCheckedReason ownReason(Throwable error) {
        if (error instanceof NotCheckedException notChecked) {
            return notChecked.reason();
        }
        // Netty's OutOfDirectMemoryError is one: no memory for a buffer.
        if (error instanceof OutOfMemoryError) {
            return NotCheckedReason.NO_BUFFER;
        }
        // An event loop that no longer takes tasks has been shut down.
        if (error instanceof RejectedExecutionException) {
            return NotCheckedReason.SHUTTING_DOWN;
        }
        if (error instanceof Error || error instanceof NullPointerException || error instanceof ClassCastException
                || error instanceof IndexOutOfBoundsException) {
            return NotCheckedReason.INTERNAL_ERROR;
        }
        String message = error.getMessage();
        if (message == null) {
            return null;
        }
        if (message.contains("Too many open files")) {
            return NotCheckedReason.NO_DESCRIPTOR;
        }
        if (message.contains("Cannot assign requested address")) {
            return NotCheckedReason.NO_EPHEMERAL_PORT;
        }
        if (message.contains("No buffer space available") || message.contains("Cannot allocate memory")) {
            return NotCheckedReason.NO_BUFFER;
        }
        // Netty's resolver, when every id of a name server is taken by a query still waiting for its answer.
        if (message.contains("query ID space exhausted")) {
            return NotCheckedReason.NO_DNS_QUERY_ID;
        }
        return null;
    }

    /** The {@code DOWN} verdict for an error that is the target's, or its network's, failure. */
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
        // "Operation not permitted" (EPERM) is a firewall on the prober's host refusing the connection: the target
        // cannot be reached from this region, as with an ICMP "administratively prohibited" from a router.
        if (error instanceof NoRouteToHostException || error instanceof PortUnreachableException
                || message.contains("unreachable") || message.contains("no route to host")
                || message.contains("operation not permitted")) {
            return FailureKind.UNREACHABLE;
        }
        if (error instanceof ConnectException) {
            // The kernel's own timeout (ETIMEDOUT), on a target whose timeout is longer than its SYN retries.
            return message.contains("refused") ? FailureKind.CONNECTION_REFUSED
                    : message.contains("timed out") ? FailureKind.TIMEOUT : FailureKind.UNREACHABLE;
        }
        // The connection was made, but what came back was not a complete answer.
        if (error instanceof HttpClosedException || error instanceof StreamResetException
                || error instanceof ClosedChannelException || error instanceof DecoderException
                || (error instanceof IOException && message.contains("reset"))) {
            return FailureKind.UNEXPECTED_RESPONSE;
        }
        return null;
    }

    static String describe(Throwable error) {
        String message = error.getMessage();
        if (message == null || message.isBlank()) {
            Throwable cause = error.getCause();
            return cause != null && cause != error ? describe(cause) : error.getClass().getSimpleName();
        }
        return message;
    }
}
