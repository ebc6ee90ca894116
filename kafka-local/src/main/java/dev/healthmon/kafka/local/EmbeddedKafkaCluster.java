package dev.healthmon.kafka.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import kafka.server.BrokerServer;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real KRaft Kafka cluster running inside this JVM: one node acting as broker and controller, or several brokers
 * with a controller of their own. Each broker has a {@code CLIENT} listener on {@code localhost}, bound to the port
 * requested for it ({@code 0} for an ephemeral one), so that a broker stopped and started again is found where it
 * was. With three brokers or more, topics have three replicas and need two in sync to take a write
 * ({@code min.insync.replicas=2}), internal topics too: one broker may stop without stopping producers that ask
 * for {@code acks=all}.
 *
 * <p>The cluster keeps its data either in a temporary directory deleted on {@link #close()}, or in a given directory
 * that survives restarts: a directory formatted by an earlier run is started again with its cluster id, topics and
 * records.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

    // The test kit pre-binds its own two listeners to ephemeral ports and ignores the ports configured for them,
    // so clients get a third listener that it does not know about and that therefore binds where it is told.
    private static final ListenerName BROKER_LISTENER = ListenerName.normalised("BROKER");
    private static final ListenerName CONTROLLER_LISTENER = ListenerName.normalised("CONTROLLER");
    private static final ListenerName CLIENT_LISTENER = ListenerName.normalised("CLIENT");
    private static final String META_PROPERTIES = "meta.properties";
    private static final int MAX_REPLICAS = 3;

    private final KafkaClusterTestKit cluster;
    private final Map<Integer, Integer> ports;

    private EmbeddedKafkaCluster(KafkaClusterTestKit cluster, Map<Integer, Integer> ports) {
        this.cluster = cluster;
        this.ports = ports;
    }

    /** Starts one broker per client port, with data in a temporary directory that {@link #close()} deletes. */
    public static EmbeddedKafkaCluster start(List<Integer> clientPorts) {
        return startInTemporaryDirectory(clientPorts, true);
    }

    /**
     * As {@link #start(List)}, with brokers that {@link #stopBroker stop} as a crashed one does, without a controlled
     * shutdown: their partitions keep them as leader, and clients keep trying them, until the controller misses their
     * heartbeats ({@code broker.session.timeout.ms}, 9 s) and fences them. For fault tests, where the brokers share
     * this JVM and cannot be killed one by one.
     */
    public static EmbeddedKafkaCluster startWithUncontrolledStops(List<Integer> clientPorts) {
        return startInTemporaryDirectory(clientPorts, false);
    }

    private static EmbeddedKafkaCluster startInTemporaryDirectory(List<Integer> clientPorts,
            boolean controlledShutdown) {
        try {
            return start(clientPorts, Files.createTempDirectory("healthmon-kafka-"), true, null, controlledShutdown);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a data directory for the embedded Kafka cluster", e);
        }
    }

    /** Starts one broker per client port, with data in {@code dataDir}, kept on close and reused by the next start. */
    public static EmbeddedKafkaCluster start(List<Integer> clientPorts, Path dataDir) {
        return start(clientPorts, dataDir.toAbsolutePath(), false, null, true);
    }

    /**
     * As {@link #start(List, Path)}, with client listeners that accept only {@code clients}, authenticated by
     * SASL/PLAIN ({@link SaslPlain#clientConfig()}).
     */
    public static EmbeddedKafkaCluster start(List<Integer> clientPorts, Path dataDir, SaslPlain clients) {
        return start(clientPorts, dataDir.toAbsolutePath(), false, clients, true);
    }

    private static EmbeddedKafkaCluster start(List<Integer> clientPorts, Path dataDir, boolean deleteOnClose,
            SaslPlain sasl, boolean controlledShutdown) {
        if (clientPorts.isEmpty()) {
            throw new IllegalArgumentException("A cluster needs at least one broker");
        }
        clientPorts.forEach(port -> {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("Port out of range: " + port);
            }
        });
        boolean combined = clientPorts.size() == 1;
        KafkaClusterTestKit cluster = null;
        try {
            Files.createDirectories(dataDir);
            Optional<String> existingClusterId = existingClusterId(dataDir);
            TestKitNodes.Builder nodes = new TestKitNodes.Builder(productionBootstrapMetadata())
                    .setCombined(combined)
                    .setNumBrokerNodes(clientPorts.size())
                    .setNumControllerNodes(1)
                    .setBaseDirectory(dataDir)
                    .setBrokerListenerName(BROKER_LISTENER)
                    .setControllerListenerName(CONTROLLER_LISTENER);
            existingClusterId.ifPresent(nodes::setClusterId);
            // The test kit numbers brokers from 0; each gets its own client port.
            Map<Integer, Map<String, String>> perBroker = new HashMap<>();
            for (int id = 0; id < clientPorts.size(); id++) {
                String listeners = BROKER_LISTENER.value() + "://localhost:0,"
                        + (combined ? CONTROLLER_LISTENER.value() + "://localhost:0," : "")
                        + CLIENT_LISTENER.value() + "://localhost:" + clientPorts.get(id);
                perBroker.put(id, Map.of("listeners", listeners));
            }
            nodes.setPerServerProperties(perBroker);
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes.build())
                    .setDeleteOnClose(deleteOnClose);
            clusterConfig(clientPorts.size()).forEach(builder::setConfigProp);
            builder.setConfigProp("controlled.shutdown.enable", Boolean.toString(controlledShutdown));
            if (sasl != null) {
                // Only clients authenticate: the brokers' and the controller's own listeners stay as they are.
                builder.setConfigProp("listener.security.protocol.map", BROKER_LISTENER.value() + ":PLAINTEXT,"
                        + CONTROLLER_LISTENER.value() + ":PLAINTEXT," + CLIENT_LISTENER.value() + ":SASL_PLAINTEXT");
                sasl.brokerConfig(CLIENT_LISTENER.value()).forEach(builder::setConfigProp);
            }
            cluster = builder.build();
            if (existingClusterId.isEmpty()) {
                cluster.format();
            }
            cluster.startup();
            cluster.waitForReadyBrokers();
            Map<Integer, Integer> bound = cluster.brokers().entrySet().stream().collect(Collectors.toMap(
                    Map.Entry::getKey, broker -> broker.getValue().boundPort(CLIENT_LISTENER)));
            return new EmbeddedKafkaCluster(cluster, bound);
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
            throw new IllegalStateException("Cannot start the embedded Kafka cluster on ports " + clientPorts
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

    /** The replicas a topic gets: one per broker, up to three. */
    static short replicationFactor(int brokers) {
        return (short) Math.min(brokers, MAX_REPLICAS);
    }

    private static Map<String, Object> clusterConfig(int brokers) {
        String replicas = Short.toString(replicationFactor(brokers));
        // With several replicas a write needs all but one in sync: one broker may be down.
        String minInSync = Integer.toString(Math.max(1, replicationFactor(brokers) - 1));
        return Map.ofEntries(
                Map.entry("listener.security.protocol.map", Stream.of(BROKER_LISTENER, CONTROLLER_LISTENER,
                        CLIENT_LISTENER).map(l -> l.value() + ":PLAINTEXT").collect(Collectors.joining(","))),
                Map.entry("offsets.topic.replication.factor", replicas),
                Map.entry("transaction.state.log.replication.factor", replicas),
                Map.entry("transaction.state.log.min.isr", minInSync),
                Map.entry("share.coordinator.state.topic.replication.factor", replicas),
                Map.entry("share.coordinator.state.topic.min.isr", minInSync),
                Map.entry("default.replication.factor", replicas),
                Map.entry("min.insync.replicas", minInSync),
                // Few partitions keep the internal topics quick to create; a local cluster gains nothing from more.
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
     * The cluster id of nodes formatted by an earlier run in {@code dataDir}. Its presence means the directory must
     * be started as it is, not formatted again.
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

    /** The {@code host:port} list clients connect to: every broker's client listener. */
    public String bootstrapServers() {
        return ports.values().stream().map(port -> "localhost:" + port).collect(Collectors.joining(","));
    }

    /** The brokers' ids, from 0. */
    public List<Integer> brokerIds() {
        return IntStream.range(0, ports.size()).boxed().toList();
    }

    /** The port of a broker's client listener. */
    public int port(int brokerId) {
        return ports.get(brokerId);
    }

    /** The replicas a topic of this cluster gets (one per broker, up to three). */
    public short replicationFactor() {
        return replicationFactor(ports.size());
    }

    /**
     * Stops one broker: a controlled shutdown (its partitions' leadership moves to the others first), unless the
     * cluster was {@linkplain #startWithUncontrolledStops started with uncontrolled stops}.
     */
    public void stopBroker(int brokerId) {
        broker(brokerId).shutdown();
    }

    /** Starts a stopped broker again, on its port and with its data. */
    public void startBroker(int brokerId) {
        broker(brokerId).startup();
    }

    private BrokerServer broker(int brokerId) {
        BrokerServer broker = cluster.brokers().get(brokerId);
        if (broker == null) {
            throw new IllegalArgumentException("No broker " + brokerId + "; the brokers are " + brokerIds());
        }
        return broker;
    }

    /** Stops the brokers and the controller; deletes the data if it lives in a temporary directory. */
    @Override
    public void close() {
        try {
            cluster.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping the embedded Kafka cluster", e);
        } catch (Exception e) {
            throw new IllegalStateException("Error while stopping the embedded Kafka cluster: " + e.getMessage(), e);
        }
    }
}
