package dev.healthmon.kafka.local;

import java.nio.file.Path;
import java.util.List;

/**
 * A real single-node Kafka cluster (one KRaft node acting as broker and controller) running inside this JVM: an
 * {@link EmbeddedKafkaCluster} of one broker.
 *
 * <p>Clients connect to a dedicated {@code CLIENT} listener on {@code localhost}, bound to the requested port
 * ({@code 0} for an ephemeral one). The broker keeps its data either in a temporary directory deleted on
 * {@link #close()}, or in a given directory that survives restarts: a directory formatted by an earlier run is
 * started again with its cluster id, topics and records.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private final EmbeddedKafkaCluster cluster;

    private EmbeddedKafkaBroker(EmbeddedKafkaCluster cluster) {
        this.cluster = cluster;
    }

    /** Starts a broker whose data lives in a temporary directory that {@link #close()} deletes. */
    public static EmbeddedKafkaBroker start(int clientPort) {
        return new EmbeddedKafkaBroker(EmbeddedKafkaCluster.start(List.of(clientPort)));
    }

    /** Starts a broker whose data lives in {@code dataDir}, kept on close and reused by the next start. */
    public static EmbeddedKafkaBroker start(int clientPort, Path dataDir) {
        return new EmbeddedKafkaBroker(EmbeddedKafkaCluster.start(List.of(clientPort), dataDir));
    }

    /** The {@code host:port} clients connect to. */
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** The port of the client listener: the requested one, or the one picked for an ephemeral request. */
    public int port() {
        return cluster.port(0);
    }

    /** Stops the broker and the controller; deletes the data if it lives in a temporary directory. */
    @Override
    public void close() {
        cluster.close();
    }
}
