package dev.healthmon.kafka.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The one Kafka cluster the tests of this JVM share, started on first use and stopped when the JVM exits.
 *
 * <p>The cluster is, in order of preference: the external one named by the system property
 * {@value #EXTERNAL_PROPERTY} or the environment variable {@value #EXTERNAL_ENV}; an {@code apache/kafka}
 * container when a Docker engine answers; otherwise an {@link EmbeddedKafkaBroker} in this JVM.
 */
public final class SharedKafka {

    public static final String EXTERNAL_PROPERTY = "kafka.bootstrap.servers.external";
    public static final String EXTERNAL_ENV = "KAFKA_BOOTSTRAP_SERVERS";
    private static final String KAFKA_IMAGE = "apache/kafka:4.1.1";

    private static final Logger LOG = LoggerFactory.getLogger(SharedKafka.class);

    private static String bootstrapServers;

    private SharedKafka() {
    }

    /** The bootstrap servers of the shared cluster, which this call starts if nobody has yet. */
    public static String bootstrapServers() {
        // Quarkus loads each test application's classes, this one included, in class loaders of its own that it
        // closes when the application stops. The cluster belongs to the copy of this class in the system class
        // loader instead: one per JVM, whose classes stay loadable as long as the broker runs.
        ClassLoader system = ClassLoader.getSystemClassLoader();
        if (SharedKafka.class.getClassLoader() != system) {
            Optional<Class<?>> owner = loadableFrom(system);
            if (owner.isPresent()) {
                try {
                    return (String) owner.get().getMethod("bootstrapServers").invoke(null);
                } catch (InvocationTargetException e) {
                    // Starting the cluster failed: that failure is this call's.
                    if (e.getCause() instanceof RuntimeException failure) {
                        throw failure;
                    }
                    if (e.getCause() instanceof Error failure) {
                        throw failure;
                    }
                    throw new IllegalStateException(e.getCause());
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("Cannot reach the shared Kafka through the system class loader",
                            e);
                }
            }
        }
        synchronized (SharedKafka.class) {
            if (bootstrapServers == null) {
                bootstrapServers = startWithOwnClassLoader();
            }
            return bootstrapServers;
        }
    }

    private static Optional<Class<?>> loadableFrom(ClassLoader loader) {
        try {
            return Optional.of(Class.forName(SharedKafka.class.getName(), true, loader));
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Kafka loads plugin classes through the thread's context class loader, and the broker's threads inherit it.
     * Under a Quarkus test that loader is the test application's, which holds a second copy of Kafka's classes:
     * the broker must see only the copy of the loader that owns this class.
     */
    private static String startWithOwnClassLoader() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(SharedKafka.class.getClassLoader());
        try {
            return start();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static String start() {
        String external = configured(System.getProperty(EXTERNAL_PROPERTY), EXTERNAL_PROPERTY);
        if (external == null) {
            external = configured(System.getenv(EXTERNAL_ENV), EXTERNAL_ENV);
        }
        if (external != null) {
            return external;
        }
        if (dockerAvailable()) {
            KafkaContainer container = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE));
            container.start();
            stopAtExit("kafka-container-stop", container::stop);
            LOG.info("Using Kafka in a {} container at {}", KAFKA_IMAGE, container.getBootstrapServers());
            return container.getBootstrapServers();
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0);
        stopAtExit("embedded-kafka-stop", broker::close);
        LOG.info("No Docker engine answers: using the in-process Kafka broker at {}", broker.bootstrapServers());
        return broker.bootstrapServers();
    }

    private static String configured(String value, String source) {
        if (value == null || value.isBlank()) {
            return null;
        }
        LOG.info("Using the external Kafka at {} (from {})", value.strip(), source);
        return value.strip();
    }

    private static boolean dockerAvailable() {
        if (!dockerMayBeReachable()) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            // Testcontainers missing from the class path, or failing in a way it does not handle itself.
            LOG.debug("Cannot ask Testcontainers for a Docker engine", e);
            return false;
        }
    }

    /**
     * Whether any of the places Testcontainers finds a Docker engine through holds something. Testcontainers logs
     * an error listing every place it tried when none does, which is noise on a machine that simply has no Docker.
     */
    private static boolean dockerMayBeReachable() {
        if (System.getProperty("os.name", "").startsWith("Windows") || System.getenv("DOCKER_HOST") != null
                || System.getenv("TESTCONTAINERS_HOST_OVERRIDE") != null) {
            return true;
        }
        Path home = Path.of(System.getProperty("user.home"));
        List<Path> candidates = new ArrayList<>(List.of(
                home.resolve(".testcontainers.properties"),
                Path.of("/var/run/docker.sock"),
                home.resolve(".docker/run/docker.sock"),
                home.resolve(".docker/desktop/docker.sock")));
        String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
        if (runtimeDir != null) {
            candidates.add(Path.of(runtimeDir, "docker.sock"));
        }
        // Rootless Docker of any user: /run/user/<uid>/docker.sock
        Path runUser = Path.of("/run/user");
        if (Files.isDirectory(runUser)) {
            try (Stream<Path> users = Files.list(runUser)) {
                users.map(user -> user.resolve("docker.sock")).forEach(candidates::add);
            } catch (IOException | UncheckedIOException e) {
                LOG.debug("Cannot look for rootless Docker sockets in {}", runUser, e);
            }
        }
        return candidates.stream().anyMatch(Files::exists);
    }

    private static void stopAtExit(String name, Runnable stop) {
        Runtime.getRuntime().addShutdownHook(new Thread(stop, name));
    }
}
