package dev.healthmon.query.readmodel;

import dev.healthmon.schemas.Granularity;
import dev.healthmon.schemas.GroupStatus;
import dev.healthmon.schemas.HealthEvent;
import dev.healthmon.schemas.TargetDefinition;
import dev.healthmon.schemas.TargetStatus;
import dev.healthmon.schemas.UptimeBucket;
import dev.healthmon.topic.TopicCatalogue;
import dev.healthmon.uptime.BucketPlan;
import dev.healthmon.uptime.HealthReport;
import dev.healthmon.uptime.UptimeKey;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the stores of this instance's {@link QueryTopology}. Every read either answers from a queryable store or
 * throws {@link StoreUnavailableException}; it never waits for the Streams application.
 *
 * <p>Reads by key take a {@link Replica}: {@code ACTIVE} reads only the partitions this instance owns,
 * {@code STANDBY_ALLOWED} also its standby copies, which may lag behind (the caller marks such answers stale).
 * Lists read this instance's active partitions only; gathering them from every instance is the router's job.
 */
@ApplicationScoped
public class ReadModel {

    /** Which copies of a store a read by key may use. */
    public enum Replica {
        ACTIVE, STANDBY_ALLOWED
    }

    /** A page in key order: up to {@code limit} values after the key {@code after}, and whether more follow. */
    public record Page<V>(List<V> items, boolean more) {
    }

    /** Events newest first; {@code nextCursor}, when more follow, continues after the last one. */
    public record HealthEventPage(List<HealthEvent> events, String nextCursor) {
    }

    private final KafkaStreams streams;
    private final String partitionTopic;

    public ReadModel(KafkaStreams streams, TopicCatalogue topics) {
        this.streams = streams;
        // Every store is in one sub-topology (see QueryTopology), so the targets topic's partitions name its tasks.
        this.partitionTopic = topics.targets().name();
    }

    public Optional<TargetDefinition> target(String id) {
        return target(id, Replica.ACTIVE);
    }

    public Optional<TargetDefinition> target(String id, Replica replica) {
        return get(QueryTopology.TARGETS_STORE, id, replica);
    }

    public Optional<TargetStatus> status(String id) {
        return status(id, Replica.ACTIVE);
    }

    public Optional<TargetStatus> status(String id, Replica replica) {
        return get(QueryTopology.STATUS_STORE, id, replica);
    }

    public Optional<GroupStatus> group(String name, Replica replica) {
        return get(QueryTopology.GROUPS_STORE, name, replica);
    }

    /**
     * The events of {@code subject} that occurred in {@code [from, to)} and match, newest first, at most
     * {@code limit}, continuing after {@code cursor} (a {@link HealthEventPage#nextCursor()}; null for the first page).
     */
    public HealthEventPage events(String subject, Instant from, Instant to, Predicate<HealthEvent> filter, int limit,
            String cursor, Replica replica) {
        String lowest = EventKey.rangeStart(subject, from);
        String upperBound = EventKey.rangeEndExclusive(subject, to);
        String highest = cursor != null && (subject + "/" + cursor).compareTo(upperBound) < 0 ? subject + "/" + cursor
                : upperBound;
        return this.<HealthEvent, HealthEventPage>read(QueryTopology.EVENTS_STORE, replica, store -> {
            List<HealthEvent> page = new ArrayList<>();
            // Only one partition holds the subject's keys, so the stores' combined range is that one, in order.
            try (KeyValueIterator<String, HealthEvent> newestFirst = store.reverseRange(lowest, highest)) {
                while (newestFirst.hasNext()) {
                    KeyValue<String, HealthEvent> entry = newestFirst.next();
                    // The bounds are inclusive, and neither names an event to return: the cursor is the last one
                    // sent, and the upper bound, a prefix, is no event's key.
                    if (entry.key.equals(highest) || !filter.test(entry.value)) {
                        continue;
                    }
                    if (page.size() == limit) {
                        HealthEvent last = page.get(page.size() - 1);
                        return new HealthEventPage(page, EventKey.of(last).substring(subject.length() + 1));
                    }
                    page.add(entry.value);
                }
            }
            return new HealthEventPage(page, null);
        });
    }

    /** The health report of one target over the buckets of {@code plan}. */
    public HealthReport uptime(String targetId, BucketPlan plan, Replica replica) {
        return this.<UptimeBucket, HealthReport>read(QueryTopology.UPTIME_STORE, replica, store -> {
            List<UptimeBucket> buckets = new ArrayList<>();
            for (Granularity granularity : Granularity.values()) {
                try (KeyValueIterator<String, UptimeBucket> inRange = store.range(
                        UptimeKey.rangeStart(targetId, granularity, plan.from()),
                        UptimeKey.rangeEnd(targetId, granularity, plan.to()))) {
                    inRange.forEachRemaining(entry -> buckets.add(entry.value));
                }
            }
            return HealthReport.of(plan, buckets);
        });
    }

    /** This instance's targets after the id {@code after} (exclusive; null for the first page) that match. */
    public Page<TargetDefinition> targets(String after, Predicate<TargetDefinition> filter, int limit) {
        return page(QueryTopology.TARGETS_STORE, after, filter, limit);
    }

    /** Every target of this instance that matches. */
    public List<TargetDefinition> targets(Predicate<TargetDefinition> filter) {
        return targets(null, filter, Integer.MAX_VALUE).items();
    }

    /** This instance's groups after the name {@code after} (exclusive; null for the first page). */
    public Page<GroupStatus> groups(String after, int limit) {
        return page(QueryTopology.GROUPS_STORE, after, group -> true, limit);
    }

    /**
     * The entries after the key {@code after} that match, in key order. Each partition's store is sorted by key, but
     * Streams' own view over all of them is not, so the partitions' stores are read side by side and merged. Needs
     * Streams {@code RUNNING}: while it rebalances, the set of local partitions is in flux and a page could miss
     * entries.
     */
    private <V> Page<V> page(String storeName, String after, Predicate<V> filter, int limit) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw new StoreUnavailableException(storeName, new IllegalStateException("Streams is " + streams.state()));
        }
        List<KeyValueIterator<String, V>> iterators = new ArrayList<>();
        try {
            PriorityQueue<KeyValueIterator<String, V>> byNextKey = new PriorityQueue<>(
                    Comparator.comparing(KeyValueIterator::peekNextKey));
            for (int partition : localPartitions()) {
                ReadOnlyKeyValueStore<String, V> store = streams.store(StoreQueryParameters
                        .fromNameAndType(storeName, QueryableStoreTypes.<String, V>keyValueStore())
                        .withPartition(partition));
                KeyValueIterator<String, V> entries = after == null ? store.all() : store.range(after, null);
                iterators.add(entries);
                if (entries.hasNext()) {
                    byNextKey.add(entries);
                }
            }
            List<V> page = new ArrayList<>();
            while (!byNextKey.isEmpty()) {
                KeyValueIterator<String, V> entries = byNextKey.poll();
                KeyValue<String, V> entry = entries.next();
                if (entries.hasNext()) {
                    byNextKey.add(entries);
                }
                if (entry.key.equals(after) || !filter.test(entry.value)) {
                    continue;
                }
                if (page.size() == limit) {
                    return new Page<>(page, true);
                }
                page.add(entry.value);
            }
            return new Page<>(page, false);
        } catch (InvalidStateStoreException | IllegalStateException e) {
            throw new StoreUnavailableException(storeName, e);
        } finally {
            iterators.forEach(KeyValueIterator::close);
        }
    }

    private Set<Integer> localPartitions() {
        Set<Integer> partitions = new TreeSet<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                task.topicPartitions().stream().filter(partition -> partition.topic().equals(partitionTopic))
                        .forEach(partition -> partitions.add(partition.partition()));
            }
        }
        return partitions;
    }

    private <V> Optional<V> get(String storeName, String key, Replica replica) {
        return this.<V, Optional<V>>read(storeName, replica, store -> Optional.ofNullable(store.get(key)));
    }

    private <V, T> T read(String storeName, Replica replica, Function<ReadOnlyKeyValueStore<String, V>, T> query) {
        StoreQueryParameters<ReadOnlyKeyValueStore<String, V>> parameters = StoreQueryParameters
                .fromNameAndType(storeName, QueryableStoreTypes.keyValueStore());
        try {
            return query.apply(streams.store(replica == Replica.STANDBY_ALLOWED ? parameters.enableStaleStores()
                    : parameters));
        } catch (InvalidStateStoreException | IllegalStateException e) {
            // Thrown while Streams starts, restores or rebalances, also by an iterator whose store closes under it;
            // IllegalStateException when Streams is not running at all (stopped, or failed: then not ready either).
            throw new StoreUnavailableException(storeName, e);
        }
    }
}
