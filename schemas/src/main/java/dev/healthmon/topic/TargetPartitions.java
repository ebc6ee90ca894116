package dev.healthmon.topic;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * The partition a record about a target belongs in: where Java clients' default partitioner puts its key, the
 * target id (murmur2 of the key's bytes, made positive, modulo the partition count; librdkafka's
 * {@code murmur2_random}). Every record about a target is there, whatever its topic.
 */
public final class TargetPartitions {

    private TargetPartitions() {
    }

    public static int of(String targetId, int partitions) {
        return ofKey(targetId.getBytes(StandardCharsets.UTF_8), partitions);
    }

    /** The partition of a record whose key has these bytes (a target id in UTF-8). */
    public static int ofKey(byte[] key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }
}
