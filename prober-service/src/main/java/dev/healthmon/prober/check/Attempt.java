package dev.healthmon.prober.check;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * One check attempt under a deadline. Whatever finishes first, the check's verdict, an error or the deadline,
 * decides the attempt; the resources the check registered are released either way, at once. A socket connected to
 * {@link #server} belongs to the attempt from its first connect on ({@link ProbeTransport}), so a server that never
 * answers a SYN, never completes a TLS handshake or stalls its response holds no socket past the timeout.
 */
final class Attempt {

    /** What the attempt is waiting for, so that a timeout can be told apart: no answer from DNS is a DNS failure. */
    enum Phase {
        RESOLVING("resolving the host name"),
        CONNECTING("connecting"),
        WAITING("waiting for the response");

        final String description;

        Phase(String description) {
            this.description = description;
        }
    }

    private final Vertx vertx;
    private final Promise<CheckVerdict> verdict = Promise.promise();
    private final List<Runnable> releases = new ArrayList<>(2);
    private final long timerId;
    private final long timeoutMs;
    private final long startNanos = System.nanoTime();
    private volatile Phase phase = Phase.RESOLVING;

    Attempt(Vertx vertx, long timeoutMs) {
        this.vertx = vertx;
        this.timeoutMs = timeoutMs;
        this.timerId = vertx.setTimer(Math.max(1, timeoutMs),
                id -> fail(new ProbeTimeoutException(phase, timeoutMs)));
        verdict.future().onComplete(done -> {
            vertx.cancelTimer(timerId);
            releaseAll();
        });
    }

    /** The address to give a Vert.x client for a connection of this attempt's own, closed when it ends. */
    SocketAddress server(InetAddress address, int port) {
        return new ProbeTransport.AttemptAddress(address, port, this);
    }

    void phase(Phase phase) {
        this.phase = phase;
    }

    /** Registers something to close when the attempt ends; closed at once if it has ended already. */
    void onEnd(Runnable release) {
        boolean ended;
        synchronized (releases) {
            ended = verdict.future().isComplete();
            if (!ended) {
                releases.add(release);
            }
        }
        if (ended) {
            release.run();
        }
    }

    private void releaseAll() {
        List<Runnable> toRun;
        synchronized (releases) {
            toRun = List.copyOf(releases);
            releases.clear();
        }
        toRun.forEach(Runnable::run);
    }

    long timeoutMs() {
        return timeoutMs;
    }

    long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    boolean isDone() {
        return verdict.future().isComplete();
    }

    void complete(CheckVerdict result) {
        verdict.tryComplete(result);
    }

    void fail(Throwable error) {
        verdict.tryFail(error);
    }

    /**
     * The verdict, with errors already classified; failed with a {@link NotCheckedException} when the attempt ended
     * for a reason of the prober's own.
     */
    Future<CheckVerdict> verdict() {
        return verdict.future().recover(FailureClassifier::judge);
    }
}
