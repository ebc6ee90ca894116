package dev.healthmon.topic;

import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.GroupStatus;
import dev.healthmon.schemas.HealthEvent;
import dev.healthmon.schemas.TargetDefinition;
import dev.healthmon.schemas.TargetStatus;
import dev.healthmon.schemas.UptimeBucket;
import dev.healthmon.serde.AvroSerde;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every healthmon topic, declared once. Names share a configurable prefix (default {@code healthmon.}); every
 * topic has the same partition count, which keeps {@code targets} and {@code check-results} (and everything keyed
 * by target id) co-partitioned.
 */
public final class TopicCatalogue {

    public static final String DEFAULT_PREFIX = "healthmon.";
    public static final int DEFAULT_PARTITIONS = 6;

    /** Configuration keys every service reads the catalogue from. */
    public static final String PREFIX_SETTING = "healthmon.topics.prefix";
    public static final String PARTITIONS_SETTING = "healthmon.topics.partitions";
    public static final String REPLICATION_FACTOR_SETTING = "healthmon.topics.replication-factor";

    private static final Duration CHECK_RESULTS_RETENTION = Duration.ofDays(7);
    private static final Duration EVENTS_RETENTION = Duration.ofDays(30);
    // Long enough for the one-year report built from hourly buckets.
    private static final Duration UPTIME_RETENTION = Duration.ofDays(400);
    private static final Duration DLQ_RETENTION = Duration.ofDays(14);

    private final short replicationFactor;
    private final Topic<String, TargetDefinition> targets;
    private final Topic<String, CheckResult> checkResults;
    private final Topic<String, TargetStatus> status;
    private final Topic<String, HealthEvent> events;
    private final Topic<String, UptimeBucket> uptime;
    private final Topic<String, GroupStatus> groups;
    private final Topic<String, TargetStatus> groupMembers;
    private final Topic<byte[], byte[]> dlq;

    public TopicCatalogue(String prefix, int partitions, short replicationFactor) {
        this.replicationFactor = replicationFactor;
        Map<String, String> compact = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        targets = new Topic<>(prefix + "targets", Serdes.String(), AvroSerde.of(TargetDefinition.class), partitions,
                compact);
        checkResults = new Topic<>(prefix + "check-results", Serdes.String(), AvroSerde.of(CheckResult.class),
                partitions, deleteAfter(CHECK_RESULTS_RETENTION));
        status = new Topic<>(prefix + "status", Serdes.String(), AvroSerde.of(TargetStatus.class), partitions,
                compact);
        events = new Topic<>(prefix + "events", Serdes.String(), AvroSerde.of(HealthEvent.class), partitions,
                deleteAfter(EVENTS_RETENTION));
        uptime = new Topic<>(prefix + "uptime", Serdes.String(), AvroSerde.of(UptimeBucket.class), partitions,
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                        TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG, Long.toString(UPTIME_RETENTION.toMillis())));
        groups = new Topic<>(prefix + "groups", Serdes.String(), AvroSerde.of(GroupStatus.class), partitions,
                compact);
        // Internal to the analyzer: the status of each target that names a group, written when its group,
        // criticality or state changes; the group aggregation's input (Streams reads status once, for its global view).
        groupMembers = new Topic<>(prefix + "status.group-members", Serdes.String(),
                AvroSerde.of(TargetStatus.class), partitions, compact);
        dlq = new Topic<>(prefix + "dlq", Serdes.ByteArray(), Serdes.ByteArray(), partitions,
                deleteAfter(DLQ_RETENTION));
    }

    /** The catalogue with the default prefix and partition count, replication factor 1. */
    public static TopicCatalogue defaults() {
        return new TopicCatalogue(DEFAULT_PREFIX, DEFAULT_PARTITIONS, (short) 1);
    }

    /**
     * The catalogue described by a service's configuration ({@link #PREFIX_SETTING}, {@link #PARTITIONS_SETTING},
     * {@link #REPLICATION_FACTOR_SETTING}); an absent setting takes its default.
     *
     * @throws IllegalArgumentException naming the setting whose value is not a number
     */
    public static TopicCatalogue fromSettings(Function<String, Optional<String>> setting) {
        return new TopicCatalogue(setting.apply(PREFIX_SETTING).orElse(DEFAULT_PREFIX),
                number(setting, PARTITIONS_SETTING, DEFAULT_PARTITIONS),
                (short) number(setting, REPLICATION_FACTOR_SETTING, 1));
    }

    private static int number(Function<String, Optional<String>> setting, String key, int fallback) {
        String value = setting.apply(key).orElse(null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, not '" + value + "'", e);
        }
    }

    private static Map<String, String> deleteAfter(Duration retention) {
        return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()));
    }

    public Topic<String, TargetDefinition> targets() {
        return targets;
    }

    public Topic<String, CheckResult> checkResults() {
        return checkResults;
    }

    public Topic<String, TargetStatus> status() {
        return status;
    }

    public Topic<String, HealthEvent> events() {
        return events;
    }

    public Topic<String, UptimeBucket> uptime() {
        return uptime;
    }

    public Topic<String, GroupStatus> groups() {
        return groups;
    }

    public Topic<String, TargetStatus> groupMembers() {
        return groupMembers;
    }

    public Topic<byte[], byte[]> dlq() {
        return dlq;
    }

    public List<Topic<?, ?>> all() {
        return List.of(targets, checkResults, status, events, uptime, groups, groupMembers, dlq);
    }

    /**
     * Creates the topics that do not exist yet and returns their names; topics that exist are left as they are,
     * so calling this again, or from several processes at once, is harmless. Fails if {@code targets} and
     * {@code check-results} exist with different partition counts, which would break co-partitioning.
     */
    public Set<String> ensureTopics(Admin admin) {
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = all().stream().filter(topic -> !existing.contains(topic.name()))
                    .map(topic -> topic.newTopic(replicationFactor)).toList();
            Set<String> created = new HashSet<>();
            for (Map.Entry<String, KafkaFuture<Void>> creation : admin.createTopics(missing).values().entrySet()) {
                try {
                    creation.getValue().get();
                    created.add(creation.getKey());
                } catch (ExecutionException e) {
                    // Another process created it between our listing and our request: that is what we wanted.
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            checkCoPartitioned(admin);
            return created;
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot create the healthmon topics: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating the healthmon topics", e);
        }
    }

    /** {@link #ensureTopics(Admin)} with a short-lived admin client built from the given client configuration. */
    public Set<String> ensureTopics(Map<String, Object> adminConfig) {
        try (Admin admin = Admin.create(adminConfig)) {
            return ensureTopics(admin);
        }
    }

    private void checkCoPartitioned(Admin admin) throws ExecutionException, InterruptedException {
        Map<String, TopicDescription> described = admin
                .describeTopics(List.of(targets.name(), checkResults.name())).allTopicNames().get();
        Set<Integer> counts = described.values().stream().map(d -> d.partitions().size())
                .collect(Collectors.toSet());
        if (counts.size() > 1) {
            throw new IllegalStateException("Topics " + targets.name() + " and " + checkResults.name()
                    + " must have the same partition count to be co-partitioned, but have " + described.values()
                    .stream().map(d -> d.name() + "=" + d.partitions().size()).toList());
        }
    }
}
