package dev.healthmon.kafka.local;

import dev.healthmon.topic.TopicCatalogue;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * The Kafka of the local stack: an {@link EmbeddedKafkaCluster} on fixed ports with persistent data (one broker, or
 * several on consecutive ports), and every healthmon topic created in it.
 *
 * <pre>java -jar healthmon-kafka-local.jar --port 9092 --data-dir kafka-data --topic-prefix healthmon.</pre>
 */
public final class LocalKafka implements AutoCloseable {

    private static final String USAGE = """
            Usage: java -jar healthmon-kafka-local.jar [options]
              --port <port>            client port on localhost (default 9092)
              --data-dir <dir>         where the broker keeps its data across restarts (default kafka-local-data)
              --topic-prefix <prefix>  prefix of the healthmon topic names (default healthmon.)
              --partitions <count>     partitions of each healthmon topic created (default 6)
              --brokers <count>        brokers, on consecutive ports from --port (default 1); with 3 or more, topics
                                       have 3 replicas and min.insync.replicas=2
              --sasl-plain <user:pass> clients must log in as this user with SASL/PLAIN (default: no login)
              --help                   print this help""";

    private final EmbeddedKafkaCluster cluster;
    private final Set<String> createdTopics;
    private final CountDownLatch closed = new CountDownLatch(1);

    private LocalKafka(EmbeddedKafkaCluster cluster, Set<String> createdTopics) {
        this.cluster = cluster;
        this.createdTopics = createdTopics;
    }

    /**
     * What the local Kafka is started with.
     *
     * @param saslPlain the one user clients log in as, or {@code null}: clients do not authenticate
     */
    public record Options(int port, Path dataDir, String topicPrefix, int partitions, int brokers,
            SaslPlain saslPlain) {

        public static final int DEFAULT_PORT = 9092;
        public static final Path DEFAULT_DATA_DIR = Path.of("kafka-local-data");
        private static final List<String> NAMES = List.of("--port", "--data-dir", "--topic-prefix", "--partitions",
                "--brokers", "--sasl-plain");

        public Options {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("--port must be between 0 and 65535, not " + port);
            }
            if (partitions < 1) {
                throw new IllegalArgumentException("--partitions must be at least 1, not " + partitions);
            }
            if (brokers < 1 || (port > 0 && port + brokers - 1 > 65_535)) {
                throw new IllegalArgumentException("--brokers must be at least 1, with its ports at most 65535, not "
                        + brokers);
            }
        }

        /** One broker, no login. */
        public Options(int port, Path dataDir, String topicPrefix, int partitions) {
            this(port, dataDir, topicPrefix, partitions, 1, null);
        }

        /** The brokers' client ports: consecutive from {@code port}, or all ephemeral when it is 0. */
        public List<Integer> ports() {
            return IntStream.range(0, brokers).map(i -> port == 0 ? 0 : port + i).boxed().toList();
        }

        /** Reads the command line; throws {@link IllegalArgumentException} with the reason when it is wrong. */
        public static Options parse(String... args) {
            int port = DEFAULT_PORT;
            Path dataDir = DEFAULT_DATA_DIR;
            String topicPrefix = TopicCatalogue.DEFAULT_PREFIX;
            int partitions = TopicCatalogue.DEFAULT_PARTITIONS;
            int brokers = 1;
            SaslPlain saslPlain = null;
            for (int i = 0; i < args.length; i += 2) {
                String name = args[i];
                if (!NAMES.contains(name)) {
                    throw new IllegalArgumentException("Unknown option " + name);
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("Missing value for " + name);
                }
                String value = args[i + 1];
                switch (name) {
                    case "--port" -> port = number(name, value);
                    case "--data-dir" -> dataDir = Path.of(value);
                    case "--topic-prefix" -> topicPrefix = value;
                    case "--brokers" -> brokers = number(name, value);
                    case "--sasl-plain" -> saslPlain = SaslPlain.parse(value);
                    default -> partitions = number(name, value);
                }
            }
            return new Options(port, dataDir, topicPrefix, partitions, brokers, saslPlain);
        }

        private static int number(String name, String value) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " needs a number, not '" + value + "'", e);
            }
        }
    }

    /** Starts the brokers and creates the healthmon topics they lack. */
    public static LocalKafka start(Options options) {
        EmbeddedKafkaCluster cluster = options.saslPlain() == null
                ? EmbeddedKafkaCluster.start(options.ports(), options.dataDir())
                : EmbeddedKafkaCluster.start(options.ports(), options.dataDir(), options.saslPlain());
        Map<String, Object> adminConfig = new HashMap<>(options.saslPlain() == null ? Map.of()
                : options.saslPlain().clientConfig());
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        try (Admin admin = Admin.create(adminConfig)) {
            TopicCatalogue catalogue = new TopicCatalogue(options.topicPrefix(), options.partitions(),
                    cluster.replicationFactor());
            return new LocalKafka(cluster, catalogue.ensureTopics(admin));
        } catch (RuntimeException e) {
            try {
                cluster.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** The first broker's client port. */
    public int port() {
        return cluster.port(0);
    }

    /** The topics this start created; empty when the data directory already had them all. */
    public Set<String> createdTopics() {
        return createdTopics;
    }

    /** Blocks until {@link #close()} has stopped the broker. */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } finally {
            closed.countDown();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length == 1 && args[0].equals("--help")) {
            System.out.println(USAGE);
            return;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        configureLogging();
        // Scripts wait for the ready line on stdout, so what the broker prints there while starting (the
        // formatter announces itself) goes to stderr instead.
        PrintStream stdout = System.out;
        System.setOut(System.err);
        LocalKafka kafka;
        try {
            kafka = start(options);
        } catch (RuntimeException e) {
            System.err.println("kafka-local failed to start: " + e.getMessage());
            System.exit(1);
            return;
        } finally {
            System.setOut(stdout);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "kafka-local-shutdown"));
        System.out.println("kafka-local ready on " + kafka.bootstrapServers()
                + (options.saslPlain() == null ? "" : " (SASL/PLAIN, user " + options.saslPlain().username() + ")"));
        kafka.awaitClose();
    }

    /**
     * Logs the broker's warnings and errors to stderr, stdout being for the ready line; the broker logs every step
     * at INFO. {@code -Dlogging.configuration=file:...} replaces this with a configuration of one's own.
     */
    private static void configureLogging() {
        // JBoss LogManager, the SLF4J backend here, complains unless it also manages java.util.logging.
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        if (System.getProperty("logging.configuration") == null) {
            Logger root = LogContext.getLogContext().getLogger("");
            root.setLevel(Level.WARNING);
            root.setHandlers(new Handler[] {new ConsoleHandler(ConsoleHandler.Target.SYSTEM_ERR,
                    new PatternFormatter("%d{HH:mm:ss,SSS} %-5p [%c] (%t) %s%e%n"))});
        }
    }
}
