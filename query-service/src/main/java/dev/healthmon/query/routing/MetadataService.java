package dev.healthmon.query.routing;

import dev.healthmon.query.readmodel.StoreUnavailableException;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Where the stores' data lives, from Streams' metadata: which instance owns a key, which instances hold a store.
 * Answers from the metadata Streams already has, never waiting; while it has none (starting, rebalancing) every
 * question throws {@link StoreUnavailableException}.
 */
public class MetadataService {

    /** Where a key lives: here, or at another instance, and whether this one keeps a standby copy of it. */
    public sealed interface KeyLocation {
    }

    /** This instance owns the key. */
    public record Here() implements KeyLocation {
    }

    /** {@code owner} owns the key; {@code standbyHere} when this instance keeps a standby copy of its partition. */
    public record Elsewhere(HostInfo owner, boolean standbyHere) implements KeyLocation {
    }

    private static final Serializer<String> KEYS = Serdes.String().serializer();

    private final KafkaStreams streams;
    private final HostInfo self;

    public MetadataService(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    public HostInfo self() {
        return self;
    }

    /**
     * The instance that owns {@code key} in {@code store}. Stores partitioned by a part of their key (uptime) are
     * located by that part, as the topic's partitioner hashes only that part.
     */
    public KeyLocation locate(String store, String key) {
        KeyQueryMetadata metadata;
        try {
            metadata = streams.queryMetadataForKey(store, key, KEYS);
        } catch (StreamsException | IllegalStateException e) {
            // Not started, or stopped: nobody to route to.
            throw new StoreUnavailableException(store, e);
        }
        if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
            throw new StoreUnavailableException(store, "its partitions are being assigned");
        }
        if (self.equals(metadata.activeHost())) {
            return new Here();
        }
        return new Elsewhere(metadata.activeHost(), metadata.standbyHosts().contains(self));
    }

    /** Whether this instance owns {@code key} of {@code store}. */
    public boolean ownsHere(String store, String key) {
        return locate(store, key) instanceof Here;
    }

    /** Every other instance that holds active partitions of {@code store}. */
    public List<HostInfo> otherInstances(String store) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw new StoreUnavailableException(store, "Streams is " + streams.state());
        }
        return streams.streamsMetadataForStore(store).stream().map(StreamsMetadata::hostInfo)
                .filter(host -> !host.equals(self)).distinct().toList();
    }

    /**
     * Whether Streams runs and its metadata, which includes this instance once its assignment is received, is
     * there: then every key can be routed.
     */
    public boolean routable() {
        return streams.state() == KafkaStreams.State.RUNNING && streams.metadataForAllStreamsClients().stream()
                .anyMatch(client -> client.hostInfo().equals(self));
    }
}
