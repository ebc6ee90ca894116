package dev.healthmon.prober;

import dev.healthmon.prober.assignment.TargetAssignment;
import dev.healthmon.prober.check.CheckRunner;
import dev.healthmon.prober.metrics.ProberMetrics;
import dev.healthmon.prober.publish.ResultPublisher;
import dev.healthmon.prober.schedule.ProbeScheduler;
import dev.healthmon.topic.TopicCatalogue;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * One prober: its share of the targets (assignment), their timetable (scheduler), the checks, and the publishing
 * of results, wired together. Plain Java, so that tests can run several in one JVM.
 */
public final class ProberInstance implements AutoCloseable {

    private final CheckRunner checks;
    private final ResultPublisher publisher;
    private final ProbeScheduler scheduler;
    private final TargetAssignment assignment;

    public ProberInstance(ProberSettings settings, TopicCatalogue topics, Vertx vertx, MeterRegistry registry) {
        ProberMetrics metrics = new ProberMetrics(registry);
        Clock clock = Clock.systemUTC();
        this.checks = new CheckRunner(vertx, settings.addressPolicy(), clock, settings.bodyLimitBytes(),
                settings.region(), settings.instanceId());
        this.publisher = new ResultPublisher(settings.kafka(), topics.checkResults(), settings.bufferCapacity(),
                settings.maxUnacknowledged(), settings.deliveryTimeout(), settings.compression(), metrics);
        this.scheduler = new ProbeScheduler(vertx, clock, checks::run, publisher::publish, settings.maxInFlight(),
                settings.probeEventLoops(), metrics);
        this.assignment = new TargetAssignment(settings.kafka(), topics.targets(), settings.region(),
                settings.instanceId(), settings.sessionTimeout(), scheduler, metrics);
    }

    public void start() {
        publisher.start();
        await(scheduler.start().toCompletionStage().toCompletableFuture());
        assignment.start();
    }

    /** Ready to do its work: the broker takes results and the group has assigned this instance its share. */
    public boolean isReady() {
        return publisher.isDelivering() && assignment.isAssignmentReceived();
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
