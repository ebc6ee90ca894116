package dev.healthmon.query.readmodel;

import dev.healthmon.schemas.TargetDefinition;
import dev.healthmon.schemas.TargetStatus;
import dev.healthmon.topic.TopicCatalogue;
import jakarta.enterprise.context.ApplicationScoped;
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
 */
@ApplicationScoped
public class ReadModel {

    private final KafkaStreams streams;
    private final String targetsTopic;

    public ReadModel(KafkaStreams streams, TopicCatalogue topics) {
        this.streams = streams;
        this.targetsTopic = topics.targets().name();
    }

    /** A page of targets, in id order: up to {@code limit} after the id {@code after} (null: from the first). */
    public record Page(List<TargetDefinition> targets, boolean more) {
    }

    public Optional<TargetDefinition> target(String id) {
        return read(QueryTopology.TARGETS_STORE,
                (ReadOnlyKeyValueStore<String, TargetDefinition> store) -> Optional.ofNullable(store.get(id)));
    }

    public Optional<TargetStatus> status(String id) {
        return read(QueryTopology.STATUS_STORE,
                (ReadOnlyKeyValueStore<String, TargetStatus> store) -> Optional.ofNullable(store.get(id)));
    }

    /**
     * The targets after the id {@code after} (exclusive; null for the first page) that match, in id order. Each
     * partition's store is sorted by id, but Streams' own view over all of them is not, so the partitions' stores
     * are read side by side and merged. Needs Streams {@code RUNNING}: while it rebalances, the set of local
     * partitions is in flux and a page could miss targets.
     */
    public Page targets(String after, Predicate<TargetDefinition> filter, int limit) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw new StoreUnavailableException(QueryTopology.TARGETS_STORE,
                    new IllegalStateException("Streams is " + streams.state()));
        }
        List<KeyValueIterator<String, TargetDefinition>> iterators = new ArrayList<>();
        try {
            PriorityQueue<KeyValueIterator<String, TargetDefinition>> byNextId = new PriorityQueue<>(
                    Comparator.comparing(KeyValueIterator::peekNextKey));
            for (int partition : localPartitions(targetsTopic)) {
                ReadOnlyKeyValueStore<String, TargetDefinition> store = streams.store(StoreQueryParameters
                        .fromNameAndType(QueryTopology.TARGETS_STORE,
                                QueryableStoreTypes.<String, TargetDefinition>keyValueStore())
                        .withPartition(partition));
                KeyValueIterator<String, TargetDefinition> entries = after == null ? store.all()
                        : store.range(after, null);
                iterators.add(entries);
                if (entries.hasNext()) {
                    byNextId.add(entries);
                }
            }
            List<TargetDefinition> page = new ArrayList<>();
            while (!byNextId.isEmpty()) {
                KeyValueIterator<String, TargetDefinition> entries = byNextId.poll();
                KeyValue<String, TargetDefinition> entry = entries.next();
                if (entries.hasNext()) {
                    byNextId.add(entries);
                }
                if (entry.key.equals(after) || !filter.test(entry.value)) {
                    continue;
                }
                if (page.size() == limit) {
                    return new Page(page, true);
                }
                page.add(entry.value);
            }
            return new Page(page, false);
        } catch (InvalidStateStoreException | IllegalStateException e) {
            throw new StoreUnavailableException(QueryTopology.TARGETS_STORE, e);
        } finally {
            iterators.forEach(KeyValueIterator::close);
        }
    }

    private Set<Integer> localPartitions(String topic) {
        Set<Integer> partitions = new TreeSet<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                task.topicPartitions().stream().filter(partition -> partition.topic().equals(topic))
                        .forEach(partition -> partitions.add(partition.partition()));
            }
        }
        return partitions;
    }

    /** Every target that matches. */
    public List<TargetDefinition> targets(Predicate<TargetDefinition> filter) {
        return targets(null, filter, Integer.MAX_VALUE).targets();
    }

    private <V, T> T read(String storeName, Function<ReadOnlyKeyValueStore<String, V>, T> query) {
        try {
            return query.apply(streams.store(
                    StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.<String, V>keyValueStore())));
        } catch (InvalidStateStoreException | IllegalStateException e) {
            // Thrown while Streams starts, restores or rebalances, also by an iterator whose store closes under it;
            // IllegalStateException when Streams is not running at all (stopped, or failed: then not ready either).
            throw new StoreUnavailableException(storeName, e);
        }
    }
}
