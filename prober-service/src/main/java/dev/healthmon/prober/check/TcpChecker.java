package dev.healthmon.prober.check;

import dev.healthmon.prober.safety.SafeAddressResolver;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.TcpCheck;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Runs {@link TcpCheck}s: connects, optionally sends bytes, and when a reply is expected reads until it contains
 * the expected text, the connection closes, or the read limit is reached.
 */
public final class TcpChecker {

    private static final int SHOWN_REPLY_CHARS = 60;

    private final Vertx vertx;
    private final SafeAddressResolver resolver;
    private final int replyLimitBytes;
    private final NetClient client;

    public TcpChecker(Vertx vertx, SafeAddressResolver resolver, int replyLimitBytes) {
        this.vertx = vertx;
        this.resolver = resolver;
        this.replyLimitBytes = replyLimitBytes;
        // No connect timer of Netty's own (0): the attempt's timer covers connecting, and closes the socket.
        this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(0));
    }

    public Future<CheckVerdict> check(TcpCheck check, long timeoutMs) {
        Attempt attempt = new Attempt(vertx, timeoutMs);
        resolver.resolvePermitted(check.getHost())
                .onSuccess(address -> {
                    attempt.phase(Attempt.Phase.CONNECTING);
                    // Handled on the connection's own future, which completes on the socket's context before it
                    // delivers any data: a listener further down a chain may run as a later task, after a banner
                    // has arrived with no handler to take it.
                    client.connect(attempt.server(address, check.getPort()))
                            .onSuccess(socket -> converse(attempt, check, socket))
                            .onFailure(attempt::fail);
                })
                .onFailure(attempt::fail);
        return attempt.verdict();
    }

    private void converse(Attempt attempt, TcpCheck check, NetSocket socket) {
        attempt.phase(Attempt.Phase.WAITING);
        String expect = check.getExpect();
        if (expect == null) {
            Future<Void> written = check.getSend() == null ? Future.succeededFuture() : socket.write(check.getSend());
            written.onSuccess(done -> attempt.complete(CheckVerdict.up(null, "connected", Map.of())))
                    .onFailure(attempt::fail);
            return;
        }
        Buffer reply = Buffer.buffer();
        socket.exceptionHandler(attempt::fail);
        socket.handler(chunk -> {
            reply.appendBuffer(chunk, 0, Math.min(chunk.length(), replyLimitBytes - reply.length()));
            String text = reply.toString(StandardCharsets.UTF_8);
            if (text.contains(expect)) {
                attempt.complete(CheckVerdict.up(null, "reply contains the expected text", Map.of()));
            } else if (reply.length() >= replyLimitBytes) {
                attempt.complete(mismatch(expect, text, "in the first " + replyLimitBytes + " bytes"));
            }
        });
        socket.closeHandler(closed -> attempt.complete(
                mismatch(expect, reply.toString(StandardCharsets.UTF_8), "before the connection closed")));
        if (check.getSend() != null) {
            socket.write(check.getSend()).onFailure(attempt::fail);
        }
    }

    private static CheckVerdict mismatch(String expect, String reply, String when) {
        String shown = reply.length() > SHOWN_REPLY_CHARS ? reply.substring(0, SHOWN_REPLY_CHARS) + "…" : reply;
        return CheckVerdict.down(FailureKind.UNEXPECTED_RESPONSE, null,
                "reply did not contain '" + expect + "' " + when + "; got '" + shown.strip() + "'", Map.of());
    }

    public Future<Void> close() {
        return client.close();
    }
}
