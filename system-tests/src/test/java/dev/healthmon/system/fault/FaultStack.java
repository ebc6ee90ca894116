package dev.healthmon.system.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.healthmon.system.PackagedProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The packaged broker and services of a fault test, each its own process, on free ports, with their data and state
 * in a work directory and their logs in {@code target/fault-logs}. The broker is either such a process (stopped and
 * started again on its port and data) or a cluster the test runs itself.
 */
final class FaultStack implements AutoCloseable {

    private static final Duration START = Duration.ofMinutes(3);

    /**
     * A service process: its name (its state directory, and its instance id unless it takes the default), HTTP port
     * and own settings.
     */
    record Service(String name, String module, int port, List<String> settings, PackagedProcess process) {
    }

    private final Path work;
    private final Path logs;
    private final String bootstrapServers;
    private final Optional<Integer> brokerPort;
    private final List<String> serviceSettings;
    private final List<Service> services = new ArrayList<>();
    private PackagedProcess broker;

    private FaultStack(Path work, String bootstrapServers, Optional<Integer> brokerPort, List<String> settings) {
        this.work = work;
        // Kept in the build directory, for when a case fails: the services' logs say why.
        this.logs = Path.of("target", "fault-logs", work.getFileName().toString()).toAbsolutePath();
        this.bootstrapServers = bootstrapServers;
        this.brokerPort = brokerPort;
        this.serviceSettings = settings;
    }

    /** A stack with the packaged kafka-local broker as a process of its own, started. */
    static FaultStack withBrokerProcess(Path work) throws IOException {
        int port = PackagedProcess.freePort();
        FaultStack stack = new FaultStack(work, "localhost:" + port, Optional.of(port), List.of());
        try {
            stack.startBroker();
            return stack;
        } catch (IOException | RuntimeException | Error e) {
            // Not ready in time: the caller never gets the stack, so its broker is stopped here.
            Closing.after(e, List.of(stack));
            throw e;
        }
    }

    /** A stack on a cluster the test runs; {@code settings} go to every service (such as the replication factor). */
    static FaultStack on(Path work, String bootstrapServers, List<String> settings) {
        return new FaultStack(work, bootstrapServers, Optional.empty(), settings);
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    /** Starts the broker process on its port with its data directory (again, after a stop), ready to serve. */
    Instant startBroker() throws IOException {
        Instant start = Instant.now();
        broker = PackagedProcess.broker(brokerPort.orElseThrow(), work.resolve("kafka"), logs);
        PackagedProcess starting = broker;
        await().atMost(START).until(() -> starting.log().contains("kafka-local ready") || !starting.isAlive());
        assertThat(starting.isAlive()).as(starting.describe()).isTrue();
        return start;
    }

    /** SIGKILL to the broker process: its clients lose it mid-request, its log is recovered on the next start. */
    Instant killBroker() throws InterruptedException {
        Instant at = Instant.now();
        broker.kill();
        return at;
    }

    /** Starts an analyzer named {@code name}: its group instance id, its state directory, its log. */
    Service startAnalyzer(String name) throws IOException {
        return start("analyzer", name, List.of("healthmon.analyzer.instance-id=" + name));
    }

    /**
     * Starts an analyzer with the default group instance id (host name and HTTP port, kept by a restart on its port);
     * {@code name} is its state directory's and its log's.
     */
    Service startAnalyzerWithDefaultId(String name) throws IOException {
        return start("analyzer", name, List.of());
    }

    /** Starts a query service named {@code name}. */
    Service startQuery(String name) throws IOException {
        return start("query", name, List.of("healthmon.query.instance-id=" + name));
    }

    /** Starts a prober in {@code region}; it probes only targets that name no regions or this one. */
    Service startProber(String name, String region) throws IOException {
        return start("prober", name, List.of("healthmon.prober.region=" + region,
                "healthmon.prober.instance-id=" + name));
    }

    /** The same service started again, on its port, with its state directory and instance id. */
    Service restart(Service service) throws IOException {
        services.remove(service);
        return start(service.module(), service.name(), service.port(), service.settings());
    }

    private Service start(String module, String name, List<String> settings) throws IOException {
        return start(module, name, PackagedProcess.freePort(), settings);
    }

    private Service start(String module, String name, int port, List<String> settings) throws IOException {
        List<String> properties = new ArrayList<>(List.of("kafka.bootstrap.servers=" + bootstrapServers,
                "quarkus.http.port=" + port, "kafka-streams.state.dir=" + work.resolve("streams").resolve(name)));
        properties.addAll(serviceSettings);
        properties.addAll(settings);
        Service service = new Service(name, module, port, settings,
                PackagedProcess.service(module, name, logs, properties));
        services.add(service);
        return service;
    }

    /** Waits until the service answers its readiness check; returns when it did. */
    static Instant awaitReady(Service service) {
        await().atMost(START).pollInterval(Duration.ofMillis(100))
                .until(() -> PackagedProcess.isReady(service.port()) || !service.process().isAlive());
        assertThat(service.process().isAlive()).as(service.process().describe()).isTrue();
        return Instant.now();
    }

    /** SIGKILL to a service; it is not restarted. */
    Instant kill(Service service) throws InterruptedException {
        Instant at = Instant.now();
        service.process().kill();
        services.remove(service);
        return at;
    }

    /**
     * Services first, while the broker still answers, so that they close their clients cleanly; then the broker. Every
     * process is stopped even when stopping one fails; the first failure is thrown, the others suppressed in it.
     */
    @Override
    public void close() throws InterruptedException {
        List<AutoCloseable> steps = new ArrayList<>();
        services.forEach(service -> steps.add(service.process()::terminate));
        services.forEach(service -> steps.add(service.process()));
        if (broker != null) {
            steps.add(broker);
        }
        Closing.all(steps);
    }
}
