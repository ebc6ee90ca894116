package dev.healthmon.prober.check;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

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
    private final List<Supplier<Future<?>>> releases = new ArrayList<>(2);
    /** Completed once everything the attempt held is released, descriptors included. */
    private final Promise<Void> released = Promise.promise();
    private final long timerId;
    private final long timeoutMs;
    private final long startNanos = System.nanoTime();
    private volatile Phase phase = Phase.RESOLVING;

    Attempt(Vertx vertx, long timeoutMs) {
        this.vertx = vertx;
        this.timeoutMs = timeoutMs;
        this.timerId = vertx.setTimer(Math.max(1, timeoutMs), id -> deadlinePassed());
        verdict.future().onComplete(done -> {
            vertx.cancelTimer(timerId);
            releaseAll();
        });
    }

    /**
     * The deadline's timer fired. An answer that arrived just before may not have been read yet, if the event loop
     * had other work first: the verdict waits for the loop's next turn (a timer of 1 ms runs after it has polled
     * its sockets and read what came). And when the timer itself fired later than a whole timeout after the
     * deadline, the prober was too busy to keep time (starved of CPU, a long pause): what it would say about the target could
     * be its own slowness, so the run is not checked.
     */
    private void deadlinePassed() {
        vertx.setTimer(1, id -> {
            long lateMs = elapsedMillis() - timeoutMs;
            fail(lateMs > timeoutMs ? new NotCheckedException(NotCheckedReason.OVERLOADED, "the deadline of a "
                    + timeoutMs + " ms attempt was noticed " + lateMs + " ms late: the prober was too busy to keep time")
                    : new ProbeTimeoutException(phase, timeoutMs));
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
        own(() -> {
            release.run();
            return Future.succeededFuture();
        });
    }

    /**
     * Registers something to release when the attempt ends, whose future completes once it is released; released at
     * once if the attempt has ended already. The verdict is given once every such future has completed.
     */
    // Once the verdict is given, a late release is too late to wait for: its future is not needed.
    @SuppressWarnings("ReturnValueIgnored")
    void own(Supplier<Future<?>> release) {
        boolean ended;
        synchronized (releases) {
            ended = verdict.future().isComplete();
            if (!ended) {
                releases.add(release);
            }
        }
        if (ended) {
            release.get();
        }
    }

    private void releaseAll() {
        List<Supplier<Future<?>>> toRun;
        synchronized (releases) {
            toRun = List.copyOf(releases);
            releases.clear();
        }
        Future.join(toRun.stream().<Future<?>>map(Supplier::get).toList()).onComplete(done -> released.complete());
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
     * for a reason of the prober's own. Given once the attempt's sockets are closed and their descriptors released,
     * so that a probe holds its place in flight as long as it holds a descriptor.
     */
    Future<CheckVerdict> verdict() {
        return verdict.future().recover(FailureClassifier::judge).eventually(released::future);
    }
}
