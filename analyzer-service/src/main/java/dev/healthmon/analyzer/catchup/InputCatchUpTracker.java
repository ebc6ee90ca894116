package dev.healthmon.analyzer.catchup;

import dev.healthmon.analyzer.progress.InputProgress.CaughtUp;
import dev.healthmon.analyzer.topology.InputCatchUp;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Tells, per partition, whether the analysis has read everything written to its input topics, by asking the brokers
 * on a schedule for the end of each input partition (its high watermark: records behind a transaction still open are
 * not read yet) and for the offsets the analyzer's consumer group has committed (where it has none, the start of the
 * log). When every committed offset has reached the
 * end found by the previous check, one interval earlier, everything written before that check has been processed and
 * committed, whichever instance did it: the partition is caught up through that check. Comparing with the previous
 * check's ends rather than this one's leaves the analysis an interval to process and commit what arrived meanwhile,
 * so a partition under steady live load counts as caught up. Committed offsets, unlike the offset of the last record
 * processed, step over transaction markers, so a partition whose last write was transactional is caught up too.
 *
 * <p>A check that fails ends every run of caught-up checks, and so does a gap between two checks longer than a check
 * may take: while the brokers cannot be asked, nobody can tell whether results are waiting, so silence is judged by
 * the results read (see {@link dev.healthmon.analyzer.progress.InputProgress}). The lag behind each partition's end is
 * published as {@code healthmon_analyzer_input_lag_records{partition}} ({@code -1} while unknown).
 */
public final class InputCatchUpTracker implements InputCatchUp, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(InputCatchUpTracker.class);
    private static final Duration FAILURE_LOG_INTERVAL = Duration.ofMinutes(1);
    private static final Duration MIN_CHECK_DEADLINE = Duration.ofSeconds(5);

    private final Duration interval;
    private final Duration checkDeadline;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Map<Integer, CaughtUp> caughtUp = new ConcurrentHashMap<>();
    private final Map<Integer, Long> lag = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "input-catch-up");
        thread.setDaemon(true);
        return thread;
    });
    private Admin admin;
    private String groupId;
    private Set<String> inputTopics;
    private List<TopicPartition> partitions = List.of();
    private Check previous;
    private Instant lastFailureLogged = Instant.MIN;

    /** What a successful check found: the ends of the input partitions when it was asked. */
    private record Check(Instant asked, Map<TopicPartition, Long> ends) {
    }

    /** @param interval how often to check */
    public InputCatchUpTracker(Duration interval, Clock clock, MeterRegistry registry) {
        this.interval = interval;
        // Brokers under load may take a while to answer; a check slower than this counts as failed.
        Duration twice = interval.multipliedBy(2);
        this.checkDeadline = twice.compareTo(MIN_CHECK_DEADLINE) > 0 ? twice : MIN_CHECK_DEADLINE;
        this.clock = clock;
        this.registry = registry;
    }

    /**
     * Starts checking the topics the analysis reads (all with the same partitions), for the consumer group
     * {@code groupId}, with an admin client of {@code adminConfig}.
     */
    // check() catches and reports its own failures, and the schedule ends only with close(): nothing to hear from it.
    @SuppressWarnings("FutureReturnValueIgnored")
    public void start(Map<String, Object> adminConfig, String groupId, Set<String> inputTopics) {
        this.admin = Admin.create(adminConfig);
        this.groupId = groupId;
        this.inputTopics = Set.copyOf(inputTopics);
        scheduler.scheduleWithFixedDelay(this::check, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Optional<CaughtUp> of(int partition) {
        return Optional.ofNullable(caughtUp.get(partition));
    }

    /** One check; runs on the tracker's own thread, never on a stream thread. */
    void check() {
        Instant asked = clock.instant();
        try {
            long deadline = System.nanoTime() + checkDeadline.toNanos();
            if (partitions.isEmpty()) {
                partitions = describe(deadline);
            }
            Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest(), deadline);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get(remaining(deadline), TimeUnit.NANOSECONDS);
            // Never committed (a new group): it starts where the log starts now, older records being gone.
            List<TopicPartition> uncommitted = partitions.stream().filter(p -> committed.get(p) == null).toList();
            Map<TopicPartition, Long> starts = uncommitted.isEmpty() ? Map.of()
                    : offsets(uncommitted, OffsetSpec.earliest(), deadline);
            Map<Integer, Long> behindNow = new HashMap<>();
            Map<Integer, Boolean> readThroughPrevious = new HashMap<>();
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata done = committed.get(partition);
                long position = done == null ? starts.get(partition) : done.offset();
                behindNow.merge(partition.partition(), Math.max(0, ends.get(partition) - position), Long::sum);
                boolean read = previous != null && position >= previous.ends().get(partition);
                readThroughPrevious.merge(partition.partition(), read, Boolean::logicalAnd);
            }
            lag.putAll(behindNow);
            // A gap longer than a check may take: nobody knows what was written and not read meanwhile.
            boolean unbroken = previous != null && !asked.isAfter(previous.asked().plus(checkDeadline).plus(interval));
            for (Map.Entry<Integer, Boolean> partition : readThroughPrevious.entrySet()) {
                if (unbroken && partition.getValue()) {
                    Instant through = previous.asked();
                    caughtUp.merge(partition.getKey(), new CaughtUp(through, through),
                            (run, next) -> run.through(next.through()));
                } else {
                    caughtUp.remove(partition.getKey());
                }
            }
            previous = new Check(asked, ends);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unknown();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            unknown();
            Instant now = clock.instant();
            if (!now.isBefore(lastFailureLogged.plus(FAILURE_LOG_INTERVAL))) {
                lastFailureLogged = now;
                LOG.warnf("Cannot tell whether the analysis has read its input (%s); silence is judged by the"
                        + " results read until it can", e);
            }
        }
    }

    /**
     * The offsets of {@code spec} (read_uncommitted: the end is the high watermark, so records behind a transaction
     * still open count as unread, as they are).
     */
    private Map<TopicPartition, Long> offsets(List<TopicPartition> of, OffsetSpec spec, long deadline)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        of.forEach(partition -> request.put(partition, spec));
        Map<TopicPartition, ListOffsetsResultInfo> found = admin.listOffsets(request).all()
                .get(remaining(deadline), TimeUnit.NANOSECONDS);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        found.forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    private List<TopicPartition> describe(long deadline)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, TopicDescription> topics = admin.describeTopics(inputTopics).allTopicNames()
                .get(remaining(deadline), TimeUnit.NANOSECONDS);
        List<TopicPartition> all = topics.values().stream().flatMap(topic -> topic.partitions().stream()
                .map(info -> new TopicPartition(topic.name(), info.partition()))).toList();
        all.stream().map(TopicPartition::partition).distinct().forEach(partition -> Gauge.builder(
                "healthmon.analyzer.input.lag.records", lag, byPartition -> byPartition.getOrDefault(partition, -1L))
                .tag("partition", Integer.toString(partition))
                .description("Input records not yet processed and committed by the analysis (-1: unknown)")
                .register(registry));
        return all;
    }

    private void unknown() {
        previous = null;
        caughtUp.clear();
        lag.replaceAll((partition, records) -> -1L);
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        if (admin != null) {
            admin.close(Duration.ZERO);
        }
    }
}
