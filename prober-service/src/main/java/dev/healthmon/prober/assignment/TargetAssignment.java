package dev.healthmon.prober.assignment;

import dev.healthmon.prober.check.CheckRunner;
import dev.healthmon.prober.metrics.ProberMetrics;
import dev.healthmon.prober.schedule.ProbeScheduler;
import dev.healthmon.schemas.TargetDefinition;
import dev.healthmon.serde.MalformedRecordException;
import dev.healthmon.topic.Topic;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.jboss.logging.Logger;

/**
 * This instance's share of the targets. It joins the region's consumer group on the compacted {@code targets}
 * topic with the cooperative-sticky assignor, reads every partition it is assigned from the beginning (offsets are
 * never committed: the topic is the whole state, not a queue), and keeps the {@link ProbeScheduler} in step: a
 * target for this region is scheduled, replaced on update, and unscheduled on tombstone, {@code enabled=false},
 * a region change or when its partition is revoked. Revocation waits until the scheduler has dropped the targets,
 * so a partition is never probed by two instances once the rebalance completes.
 */
public final class TargetAssignment implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TargetAssignment.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final long UNSCHEDULE_WAIT_MS = 10_000;

    private final Topic<String, TargetDefinition> topic;
    private final Deserializer<TargetDefinition> values;
    private final String region;
    private final ProbeScheduler scheduler;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    // Confined to the consumer thread.
    private final Map<TopicPartition, Set<String>> targetsByPartition = new HashMap<>();
    private volatile boolean running = true;
    private volatile boolean assignmentReceived;
    private volatile int assignedPartitions;

    public TargetAssignment(Map<String, Object> kafkaConfig, Topic<String, TargetDefinition> topic, String region,
            String instanceId, Duration sessionTimeout, ProbeScheduler scheduler, ProberMetrics metrics) {
        this.topic = topic;
        this.values = topic.valueSerde().deserializer();
        this.region = region;
        this.scheduler = scheduler;
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId(region));
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "healthmon-prober-" + instanceId);
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) sessionTimeout.toMillis());
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(500, sessionTimeout.toMillis() / 3));
        this.consumer = new KafkaConsumer<>(config, topic.keySerde().deserializer(), new ByteArrayDeserializer());
        metrics.assignedPartitions(() -> assignedPartitions);
        this.thread = new Thread(this::consumeLoop, "healthmon-target-assignment");
        thread.setDaemon(true);
    }

    public static String groupId(String region) {
        return "healthmon-prober-" + region;
    }

    public void start() {
        thread.start();
    }

    /** Whether the group has given this instance an assignment (possibly empty) at least once. */
    public boolean isAssignmentReceived() {
        return assignmentReceived;
    }

    private void consumeLoop() {
        try {
            consumer.subscribe(List.of(topic.name()), new Rebalance());
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    apply(record);
                }
            }
        } catch (WakeupException e) {
            // close() woke the consumer up to stop.
        } catch (RuntimeException e) {
            LOG.error("Target assignment stopped", e);
        } finally {
            // Leaving the group lets the others take this instance's targets at once, not after the session timeout.
            consumer.close();
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        String id = record.key();
        if (id == null) {
            LOG.warnf("Ignoring a target without key at %s-%d@%d", record.topic(), record.partition(),
                    record.offset());
            return;
        }
        TargetDefinition target;
        try {
            target = values.deserialize(record.topic(), record.value());
        } catch (MalformedRecordException e) {
            LOG.warnf("Ignoring malformed target %s: %s", id, e.getMessage());
            return;
        }
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        Set<String> owned = targetsByPartition.computeIfAbsent(partition, p -> new HashSet<>());
        if (target != null && isProbedHere(target)) {
            owned.add(id);
            scheduler.schedule(target);
        } else if (owned.remove(id)) {
            scheduler.unschedule(id);
        }
    }

    /**
     * Whether this region probes the target now: enabled, for this region (or every region), not pushed, and with
     * a schedule that can run (the admin API validates it; a hand-written record might not).
     */
    boolean isProbedHere(TargetDefinition target) {
        return target.getEnabled()
                && target.getSchedule().getIntervalMs() > 0 && target.getSchedule().getTimeoutMs() > 0
                && (target.getRegions().isEmpty() || target.getRegions().stream().anyMatch(region::contentEquals))
                && CheckRunner.isProbed(target);
    }

    private void stopProbing(Collection<TopicPartition> partitions) {
        Set<String> ids = new HashSet<>();
        for (TopicPartition partition : partitions) {
            Set<String> owned = targetsByPartition.remove(partition);
            if (owned != null) {
                ids.addAll(owned);
            }
        }
        if (ids.isEmpty()) {
            return;
        }
        try {
            scheduler.unschedule(ids).toCompletionStage().toCompletableFuture()
                    .get(UNSCHEDULE_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warnf("Targets of revoked partitions %s not confirmed stopped: %s", partitions, e.toString());
        }
    }

    /** Runs on the consumer thread, inside poll(). */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // Without committed offsets every assigned partition would start at the beginning anyway; seeking says
            // so explicitly and also covers a partition that comes back to this instance.
            consumer.seekToBeginning(partitions);
            assignedPartitions = consumer.assignment().size();
            assignmentReceived = true;
            LOG.infof("Assigned %s; now %d partitions", partitions, assignedPartitions);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            stopProbing(partitions);
            assignedPartitions = consumer.assignment().size() - partitions.size();
            LOG.infof("Revoked %s", partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            stopProbing(partitions);
            assignedPartitions = 0;
            LOG.warnf("Lost %s", partitions);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
