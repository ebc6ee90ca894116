package dev.healthmon.topic;

import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.GroupStatus;
import dev.healthmon.schemas.HealthEvent;
import dev.healthmon.schemas.TargetDefinition;
import dev.healthmon.schemas.TargetStatus;
import dev.healthmon.schemas.UptimeBucket;
import dev.healthmon.serde.AvroSerde;
import dev.healthmon.serde.KafkaSchemaStore;
import dev.healthmon.serde.WriterSchemas;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every healthmon topic, declared once. Names share a configurable prefix (default {@code healthmon.}); every
 * topic keyed by target id has the same partition count, which keeps {@code targets} and {@code check-results}
 * (and everything keyed by target id) co-partitioned.
 *
 * <p>The Avro serdes of the catalogue share their writer schemas through {@link WriterSchemas}: a service's
 * catalogue ({@link #fromSettings(Function, Map)}) publishes to and reads from the {@code schemas} topic, so that
 * records of a newer writer are read by older readers; the others share nothing.
 */
public final class TopicCatalogue implements AutoCloseable {

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
    private static final String SCHEMAS_SUFFIX = "schemas";
    private static final Duration NEW_TOPIC_VISIBLE = Duration.ofSeconds(30);

    private final int partitions;
    private final short replicationFactor;
    private final WriterSchemas writerSchemas;
    private final Topic<String, TargetDefinition> targets;
    private final Topic<String, CheckResult> checkResults;
    private final Topic<String, TargetStatus> status;
    private final Topic<String, HealthEvent> events;
    private final Topic<String, UptimeBucket> uptime;
    private final Topic<String, GroupStatus> groups;
    private final Topic<String, TargetStatus> groupMembers;
    private final Topic<byte[], byte[]> dlq;
    private final Topic<String, String> schemas;

    /** A catalogue whose serdes share no writer schema: they read what this build knows, and publish nothing. */
    public TopicCatalogue(String prefix, int partitions, short replicationFactor) {
        this(prefix, partitions, replicationFactor, WriterSchemas.NOT_SHARED);
    }

    /** A catalogue whose serdes publish their writer schemas to, and find other writers' in, {@code writerSchemas}. */
    public TopicCatalogue(String prefix, int partitions, short replicationFactor, WriterSchemas writerSchemas) {
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
        this.writerSchemas = writerSchemas;
        Map<String, String> compact = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        targets = new Topic<>(prefix + "targets", Serdes.String(), avroSerde(TargetDefinition.class), partitions,
                compact);
        checkResults = new Topic<>(prefix + "check-results", Serdes.String(), avroSerde(CheckResult.class),
                partitions, deleteAfter(CHECK_RESULTS_RETENTION));
        status = new Topic<>(prefix + "status", Serdes.String(), avroSerde(TargetStatus.class), partitions,
                compact);
        events = new Topic<>(prefix + "events", Serdes.String(), avroSerde(HealthEvent.class), partitions,
                deleteAfter(EVENTS_RETENTION));
        uptime = new Topic<>(prefix + "uptime", Serdes.String(), avroSerde(UptimeBucket.class), partitions,
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                        TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG, Long.toString(UPTIME_RETENTION.toMillis())));
        groups = new Topic<>(prefix + "groups", Serdes.String(), avroSerde(GroupStatus.class), partitions,
                compact);
        // Internal to the analyzer: the status of each target that names a group, written when its group,
        // criticality or state changes; the group aggregation's input (Streams reads status once, for its global view).
        groupMembers = new Topic<>(prefix + "status.group-members", Serdes.String(),
                avroSerde(TargetStatus.class), partitions, compact);
        dlq = new Topic<>(prefix + "dlq", Serdes.ByteArray(), Serdes.ByteArray(), partitions,
                deleteAfter(DLQ_RETENTION));
        // Keyed by fingerprint, not by target: one partition keeps it one ordered log that every reader reads whole.
        schemas = new Topic<>(prefix + SCHEMAS_SUFFIX, Serdes.String(), Serdes.String(), 1, compact);
    }

    /**
     * The catalogue described by a service's configuration ({@link #PREFIX_SETTING}, {@link #PARTITIONS_SETTING},
     * {@link #REPLICATION_FACTOR_SETTING}); an absent setting takes its default. Its serdes share no writer schema.
     *
     * @throws IllegalArgumentException naming the setting whose value is not a number
     */
    public static TopicCatalogue fromSettings(Function<String, Optional<String>> setting) {
        return new TopicCatalogue(prefix(setting), number(setting, PARTITIONS_SETTING, DEFAULT_PARTITIONS),
                (short) number(setting, REPLICATION_FACTOR_SETTING, 1));
    }

    /**
     * A service's catalogue: as {@link #fromSettings(Function)}, with serdes that share their writer schemas through
     * the {@code schemas} topic, read and written with {@code kafkaConfig}, the client settings (bootstrap
     * servers, TLS, SASL) the service's other Kafka clients use too. {@link #close()} closes its clients.
     */
    public static TopicCatalogue fromSettings(Function<String, Optional<String>> setting,
            Map<String, Object> kafkaConfig) {
        String prefix = prefix(setting);
        return new TopicCatalogue(prefix, number(setting, PARTITIONS_SETTING, DEFAULT_PARTITIONS),
                (short) number(setting, REPLICATION_FACTOR_SETTING, 1),
                new KafkaSchemaStore(kafkaConfig, prefix + SCHEMAS_SUFFIX));
    }

    private static String prefix(Function<String, Optional<String>> setting) {
        return setting.apply(PREFIX_SETTING).orElse(DEFAULT_PREFIX);
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

    /** The writer schemas: key = the fingerprint in hex, value = the schema's JSON (see {@link WriterSchemas}). */
    public Topic<String, String> schemas() {
        return schemas;
    }

    public List<Topic<?, ?>> all() {
        return List.of(targets, checkResults, status, events, uptime, groups, groupMembers, dlq, schemas);
    }

    /**
     * A serde for a record type of the contract that shares its writer schemas as this catalogue's do: the one to
     * use for such records anywhere else (a store, say).
     */
    public <T extends SpecificRecord> AvroSerde<T> avroSerde(Class<T> type) {
        return AvroSerde.of(type, writerSchemas);
    }

    /** Closes the clients of the shared writer schemas, if any. */
    @Override
    public void close() {
        if (writerSchemas instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("Cannot close the shared writer schemas: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Creates the topics that do not exist yet and returns their names; topics that exist are left as they are,
     * so calling this again, or from several processes at once, is harmless. Fails if {@code targets} or
     * {@code check-results} exist with another partition count than the catalogue's, which would break
     * co-partitioning or the analyzer's placement rule.
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

    /**
     * The descriptions of topics that exist. A broker learns of a topic just created a moment after the controller
     * answered its creation, and says it does not know it until then: that is retried for a while.
     */
    private static Map<String, TopicDescription> describe(Admin admin, List<String> names)
            throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + NEW_TOPIC_VISIBLE.toNanos();
        while (true) {
            try {
                return admin.describeTopics(names).allTopicNames().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** {@link #ensureTopics(Admin)} with a short-lived admin client built from the given client configuration. */
    public Set<String> ensureTopics(Map<String, Object> adminConfig) {
        try (Admin admin = Admin.create(adminConfig)) {
            return ensureTopics(admin);
        }
    }

    /**
     * {@code targets} and {@code check-results} must have the catalogue's partition count: the same, so that they are
     * co-partitioned, and the configured one, which is what the analyzer judges a record's placement by.
     */
    private void checkCoPartitioned(Admin admin) throws ExecutionException, InterruptedException {
        Map<String, TopicDescription> described = describe(admin, List.of(targets.name(), checkResults.name()));
        if (described.values().stream().anyMatch(d -> d.partitions().size() != partitions)) {
            throw new MisconfiguredTopicsException("Topics " + targets.name() + " and " + checkResults.name()
                    + " must both have " + PARTITIONS_SETTING + "=" + partitions + " partitions, to be co-partitioned"
                    + " and partitioned as configured, but have " + described.values().stream()
                    .map(d -> d.name() + "=" + d.partitions().size()).toList());
        }
    }
}
