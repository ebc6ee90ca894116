package dev.healthmon.system.fault;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a consumer group (the analyzer's Streams application) has read a topic, sampled every 250 ms from outside
 * as an operator's lag exporter would: its committed offsets against the topic's end offsets. From the samples:
 * when the group processed again after a fault, and when it had caught up.
 */
final class GroupProgress implements AutoCloseable {

    private static final Duration EVERY = Duration.ofMillis(250);
    private static final long CALL_TIMEOUT_MS = 2_000;

    /** Committed and end offset of each partition at one moment. */
    record Sample(Instant at, Map<Integer, Long> committed, Map<Integer, Long> end) {
    }

    private final Admin admin;
    private final String group;
    private final List<TopicPartition> partitions;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean running = true;

    GroupProgress(String bootstrapServers, String group, String topic, int partitionCount) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT_MS,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT_MS));
        this.group = group;
        this.partitions = IntStream.range(0, partitionCount).mapToObj(p -> new TopicPartition(topic, p)).toList();
        this.sampler = new Thread(this::sampleAll, "fault-suite-group-progress");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** The partitions of the topic each member (by group instance id) is assigned now. */
    Map<String, Set<Integer>> assignment() throws ExecutionException, InterruptedException, TimeoutException {
        Collection<MemberDescription> members = admin.describeConsumerGroups(List.of(group)).all()
                .get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS).get(group).members();
        return members.stream().collect(Collectors.toMap(m -> m.groupInstanceId().orElse(m.consumerId()),
                m -> m.assignment().topicPartitions().stream().filter(partitions::contains)
                        .map(TopicPartition::partition).collect(Collectors.toSet())));
    }

    /**
     * The first moment after {@code after} by which every one of {@code partitionIds} had moved its committed
     * offset beyond where it was at {@code after}: processing again.
     */
    Optional<Instant> processingAgain(Instant after, Set<Integer> partitionIds) {
        List<Sample> all = samples();
        Optional<Sample> baseline = all.stream().filter(s -> !s.at().isAfter(after)).reduce((a, b) -> b);
        if (baseline.isEmpty()) {
            return Optional.empty();
        }
        Instant latest = after;
        for (int p : partitionIds) {
            long from = baseline.get().committed().getOrDefault(p, -1L);
            Optional<Instant> moved = all.stream().filter(s -> s.at().isAfter(after))
                    .filter(s -> s.committed().getOrDefault(p, -1L) > from).map(Sample::at).findFirst();
            if (moved.isEmpty()) {
                return Optional.empty();
            }
            latest = moved.get().isAfter(latest) ? moved.get() : latest;
        }
        return Optional.of(latest);
    }

    /** When the group processed again, on every partition, after a moment, and when it had caught up. */
    record Recovery(Optional<Instant> processing, Optional<Instant> caughtUp) {
    }

    /** Processing again on every partition after {@code from}, and at most 1 s behind on every partition. */
    Recovery recoveryAfter(Instant from) {
        return new Recovery(processingAgain(from, allPartitions()), caughtUp(from, Duration.ofSeconds(1)));
    }

    /** Every partition of the topic. */
    Set<Integer> allPartitions() {
        return partitions.stream().map(TopicPartition::partition).collect(Collectors.toSet());
    }

    /** The first moment after {@code after} at which the group was at most {@code lag} behind on every partition. */
    Optional<Instant> caughtUp(Instant after, Duration lag) {
        List<Sample> all = samples();
        return all.stream().filter(s -> s.at().isAfter(after)).filter(s -> timeLag(all, s).compareTo(lag) <= 0)
                .map(Sample::at).findFirst();
    }

    /** The most the group was behind, in time, between two moments. */
    Duration maxLag(Instant from, Instant to) {
        List<Sample> all = samples();
        return all.stream().filter(s -> !s.at().isBefore(from) && !s.at().isAfter(to)).map(s -> timeLag(all, s))
                .max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /** How far behind the group is, in time, at the latest sample; unknown (empty) before the first. */
    Optional<Duration> currentLag() {
        List<Sample> all = samples();
        return all.isEmpty() ? Optional.empty() : Optional.of(timeLag(all, all.get(all.size() - 1)));
    }

    /** Whether the group has committed, on every partition, at least the end offsets of this moment. */
    boolean hasCommittedTheEndOf(Sample moment) {
        List<Sample> all = samples();
        if (all.isEmpty()) {
            return false;
        }
        Sample last = all.get(all.size() - 1);
        return moment.end().entrySet().stream().allMatch(e -> last.committed().getOrDefault(e.getKey(), -1L)
                >= e.getValue());
    }

    /** The newest sample taken after {@code after}. */
    Optional<Sample> sampleAfter(Instant after) {
        List<Sample> all = samples();
        return all.isEmpty() || !all.get(all.size() - 1).at().isAfter(after) ? Optional.empty()
                : Optional.of(all.get(all.size() - 1));
    }

    /**
     * How far behind the group was at a sample: the time since its committed position was the end of the topic,
     * per partition, the most of them.
     */
    private static Duration timeLag(List<Sample> all, Sample sample) {
        Duration worst = Duration.ZERO;
        for (var committed : sample.committed().entrySet()) {
            int p = committed.getKey();
            if (committed.getValue() >= sample.end().getOrDefault(p, Long.MAX_VALUE)) {
                continue;
            }
            Instant written = all.stream().filter(s -> !s.at().isAfter(sample.at()))
                    .filter(s -> s.end().getOrDefault(p, -1L) >= committed.getValue()).map(Sample::at).findFirst()
                    .orElse(all.get(0).at());
            Duration behind = Duration.between(written, sample.at());
            worst = behind.compareTo(worst) > 0 ? behind : worst;
        }
        return worst;
    }

    private List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    private void sampleAll() {
        long next = System.nanoTime();
        while (running) {
            sampleOnce().ifPresent(sample -> {
                synchronized (samples) {
                    samples.add(sample);
                }
            });
            next += EVERY.toNanos();
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else {
                next = System.nanoTime();
            }
        }
    }

    private Optional<Sample> sampleOnce() {
        try {
            Instant at = Instant.now();
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            Map<Integer, Long> committedByPartition = new HashMap<>();
            Map<Integer, Long> endByPartition = new HashMap<>();
            for (TopicPartition p : partitions) {
                OffsetAndMetadata offset = committed.get(p);
                committedByPartition.put(p.partition(), offset == null ? 0L : offset.offset());
                endByPartition.put(p.partition(), ends.get(p).offset());
            }
            return Optional.of(new Sample(at, committedByPartition, endByPartition));
        } catch (ExecutionException | TimeoutException e) {
            // The broker is away (the fault under test) or the group is between generations: no sample.
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return Optional.empty();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.join(10_000);
        admin.close(Duration.ofSeconds(5));
    }
}
