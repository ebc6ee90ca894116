package dev.healthmon.analyzer.topology;

import dev.healthmon.schemas.UptimeBucket;
import dev.healthmon.topic.TargetPartitions;
import dev.healthmon.uptime.UptimeKey;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Partitions an {@code uptime} record by the target-id part of its {@link UptimeKey} exactly as
 * the default partitioner partitions the plain target id (murmur2 of its UTF-8 bytes), so every bucket lives in the
 * partition of the rest of its target's state and the query service can route by target id alone.
 */
final class UptimePartitioner implements StreamPartitioner<String, UptimeBucket> {

    @Override
    public Optional<Set<Integer>> partitions(String topic, String uptimeKey, UptimeBucket bucket, int numPartitions) {
        return Optional.of(Set.of(TargetPartitions.of(UptimeKey.targetIdOf(uptimeKey), numPartitions)));
    }
}
