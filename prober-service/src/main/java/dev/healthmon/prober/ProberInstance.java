package dev.healthmon.prober;

import dev.healthmon.prober.assignment.TargetAssignment;
import dev.healthmon.prober.check.CheckRunner;
import dev.healthmon.prober.check.NotCheckedReason;
import dev.healthmon.prober.check.ProbeVertx;
import dev.healthmon.prober.check.SocketBudget;
import dev.healthmon.prober.health.OwnFailures;
import dev.healthmon.prober.metrics.ProberMetrics;
import dev.healthmon.prober.publish.ResultPublisher;
import dev.healthmon.prober.schedule.ProbeScheduler;
import dev.healthmon.topic.TopicCatalogue;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One prober: its share of the targets (assignment), their timetable (scheduler), the checks on a Vert.x instance
 * of their own, and the publishing of results, wired together. Plain Java, so that tests can run several in one JVM.
 */
public final class ProberInstance implements AutoCloseable {

    /** How long after a run it could not check, for a reason of its own, the prober still reports not ready. */
    static final Duration NOT_READY_AFTER_OWN_FAILURE = Duration.ofSeconds(10);

    private final Vertx probeVertx;
    private final OwnFailures ownFailures;
    private final CheckRunner checks;
    private final ResultPublisher publisher;
    private final ProbeScheduler scheduler;
    private final TargetAssignment assignment;

    public ProberInstance(ProberSettings settings, TopicCatalogue topics, MeterRegistry registry) {
        ProberMetrics metrics = new ProberMetrics(registry);
        Clock clock = Clock.systemUTC();
        SocketBudget sockets = new SocketBudget();
        metrics.probeSockets(sockets::open);
        Vertx vertx = ProbeVertx.create(settings.probeEventLoops(), settings.nameServers(), sockets);
        this.probeVertx = vertx;
        this.ownFailures = new OwnFailures(metrics, NOT_READY_AFTER_OWN_FAILURE);
        this.checks = new CheckRunner(vertx, settings.addressPolicy(), clock, settings.bodyLimitBytes(),
                settings.region(), settings.instanceId());
        this.publisher = new ResultPublisher(settings.kafka(), topics.checkResults(), settings.bufferCapacity(),
                settings.maxUnacknowledged(), settings.deliveryTimeout(), settings.compression(), metrics);
        this.scheduler = new ProbeScheduler(vertx, clock, checks::run, publisher::publish, ownFailures::notChecked,
                settings.maxInFlight(), settings.probeEventLoops(), metrics);
        this.assignment = new TargetAssignment(settings.kafka(), topics.targets(), settings.region(),
                settings.instanceId(), settings.sessionTimeout(), scheduler, metrics);
    }

    public void start() {
        publisher.start();
        await(scheduler.start().toCompletionStage().toCompletableFuture());
        assignment.start();
    }

    /**
     * Ready to do its work: the broker takes results, the group has assigned this instance its share, and no run
     * went unchecked for a reason of the prober's own lately.
     */
    public boolean isReady() {
        return publisher.isDelivering() && assignment.isAssignmentReceived() && ownFailure().isEmpty();
    }

    /** Why runs went unchecked lately, for a reason of the prober's own, if they did. */
    public Optional<NotCheckedReason> ownFailure() {
        return ownFailures.persisting();
    }

    /** Live while the scheduler runs. */
    public boolean isAlive() {
        return scheduler.isAlive();
    }

    public int scheduledTargets() {
        return scheduler.scheduledTargets();
    }

    public boolean isDelivering() {
        return publisher.isDelivering();
    }

    public boolean isAssignmentReceived() {
        return assignment.isAssignmentReceived();
    }

    /** Leaves the group (handing the targets over at once), stops probing, flushes what it can, closes clients. */
    @Override
    public void close() {
        assignment.close();
        await(scheduler.stop().toCompletionStage().toCompletableFuture());
        publisher.close();
        await(checks.close().toCompletionStage().toCompletableFuture());
        await(probeVertx.close().toCompletionStage().toCompletableFuture());
    }

    private static void await(java.util.concurrent.CompletableFuture<?> future) {
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
