package dev.healthmon.kafka.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import kafka.server.BrokerServer;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka cluster (one KRaft node acting as broker and controller) running inside this JVM.
 *
 * <p>Clients connect to a dedicated {@code CLIENT} listener on {@code localhost}, bound to the requested port
 * ({@code 0} for an ephemeral one). The broker keeps its data either in a temporary directory deleted on
 * {@link #close()}, or in a given directory that survives restarts: a directory formatted by an earlier run is
 * started again with its cluster id, topics and records.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    // The test kit pre-binds its own two listeners to ephemeral ports and ignores the ports configured for them,
    // so clients get a third listener that it does not know about and that therefore binds where it is told.
    private static final ListenerName BROKER_LISTENER = ListenerName.normalised("BROKER");
    private static final ListenerName CONTROLLER_LISTENER = ListenerName.normalised("CONTROLLER");
    private static final ListenerName CLIENT_LISTENER = ListenerName.normalised("CLIENT");
    private static final String META_PROPERTIES = "meta.properties";

    private final KafkaClusterTestKit cluster;
    private final int port;

    private EmbeddedKafkaBroker(KafkaClusterTestKit cluster, int port) {
        this.cluster = cluster;
        this.port = port;
    }

    /** Starts a broker whose data lives in a temporary directory that {@link #close()} deletes. */
    public static EmbeddedKafkaBroker start(int clientPort) {
        try {
            return start(clientPort, Files.createTempDirectory("healthmon-kafka-"), true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a data directory for the embedded Kafka broker", e);
        }
    }

    /** Starts a broker whose data lives in {@code dataDir}, kept on close and reused by the next start. */
    public static EmbeddedKafkaBroker start(int clientPort, Path dataDir) {
        return start(clientPort, dataDir.toAbsolutePath(), false);
    }

    private static EmbeddedKafkaBroker start(int clientPort, Path dataDir, boolean deleteOnClose) {
        if (clientPort < 0 || clientPort > 65_535) {
            throw new IllegalArgumentException("Port out of range: " + clientPort);
        }
        KafkaClusterTestKit cluster = null;
        try {
            Files.createDirectories(dataDir);
            Optional<String> existingClusterId = existingClusterId(dataDir);
            TestKitNodes.Builder nodes = new TestKitNodes.Builder(productionBootstrapMetadata())
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBaseDirectory(dataDir)
                    .setBrokerListenerName(BROKER_LISTENER)
                    .setControllerListenerName(CONTROLLER_LISTENER);
            existingClusterId.ifPresent(nodes::setClusterId);
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes.build())
                    .setDeleteOnClose(deleteOnClose);
            brokerConfig(clientPort).forEach(builder::setConfigProp);
            cluster = builder.build();
            if (existingClusterId.isEmpty()) {
                cluster.format();
            }
            cluster.startup();
            cluster.waitForReadyBrokers();
            BrokerServer broker = cluster.brokers().values().iterator().next();
            return new EmbeddedKafkaBroker(cluster, broker.boundPort(CLIENT_LISTENER));
        } catch (Exception e) {
            if (cluster != null) {
                try {
                    cluster.close();
                } catch (Exception closing) {
                    e.addSuppressed(closing);
                }
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Cannot start the embedded Kafka broker on port " + clientPort
                    + " with data in " + dataDir + ": " + rootCause(e).getMessage(), e);
        }
    }

    // The broker wraps the reason (a port in use, say) in layers of "failed to start".
    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static Map<String, Object> brokerConfig(int clientPort) {
        return Map.ofEntries(
                Map.entry("listeners", BROKER_LISTENER.value() + "://localhost:0,"
                        + CONTROLLER_LISTENER.value() + "://localhost:0,"
                        + CLIENT_LISTENER.value() + "://localhost:" + clientPort),
                Map.entry("listener.security.protocol.map", Stream.of(BROKER_LISTENER, CONTROLLER_LISTENER,
                        CLIENT_LISTENER).map(l -> l.value() + ":PLAINTEXT").collect(Collectors.joining(","))),
                // One node: every internal topic has exactly one replica, which is also the whole ISR.
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("default.replication.factor", "1"),
                Map.entry("min.insync.replicas", "1"),
                // Few partitions keep the internal topics quick to create; one node gains nothing from more.
                Map.entry("offsets.topic.num.partitions", "1"),
                Map.entry("transaction.state.log.num.partitions", "1"),
                Map.entry("share.coordinator.state.topic.num.partitions", "1"),
                // Consumers and Streams instances join at once instead of after the 3 s default.
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                // Topics come from the catalogue only: a client asking for a missing topic must not create it with
                // the broker's defaults (one partition would break co-partitioning).
                Map.entry("auto.create.topics.enable", "false"),
                // Behave as a released broker does: the test kit enables unreleased APIs and features by default.
                Map.entry("unstable.api.versions.enable", "false"),
                Map.entry("unstable.feature.versions.enable", "false"));
    }

    private static BootstrapMetadata productionBootstrapMetadata() {
        MetadataVersion version = MetadataVersion.latestProduction();
        Map<String, Short> features = Feature.PRODUCTION_FEATURES.stream()
                .collect(Collectors.toMap(Feature::featureName, feature -> feature.defaultLevel(version)));
        return BootstrapMetadata.fromVersions(version, features, "healthmon kafka-local");
    }

    /**
     * The cluster id of a node formatted by an earlier run in {@code dataDir}. Its presence means the directory
     * must be started as it is, not formatted again.
     */
    private static Optional<String> existingClusterId(Path dataDir) throws IOException {
        List<Path> metaFiles;
        try (Stream<Path> files = Files.find(dataDir, 2,
                (path, attributes) -> attributes.isRegularFile() && path.endsWith(META_PROPERTIES))) {
            metaFiles = files.toList();
        }
        for (Path metaFile : metaFiles) {
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(metaFile)) {
                properties.load(in);
            }
            String clusterId = properties.getProperty("cluster.id");
            if (clusterId != null) {
                return Optional.of(clusterId);
            }
        }
        return Optional.empty();
    }

    /** The {@code host:port} clients connect to. */
    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /** The port of the client listener: the requested one, or the one picked for an ephemeral request. */
    public int port() {
        return port;
    }

    /** Stops the broker and the controller; deletes the data if it lives in a temporary directory. */
    @Override
    public void close() {
        try {
            cluster.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping the embedded Kafka broker", e);
        } catch (Exception e) {
            throw new IllegalStateException("Error while stopping the embedded Kafka broker: " + e.getMessage(), e);
        }
    }
}
