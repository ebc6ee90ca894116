package dev.healthmon.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole product as it runs in production: the packaged broker, analyzer, query service and prober, each its own
 * process on free ports, started in that order and each ready before the test goes on. Closing stops the services
 * before the broker, so that they close their clients against a live broker.
 */
final class PackagedStack implements AutoCloseable {

    static final List<String> SERVICES = List.of("analyzer", "query", "prober");

    private final List<PackagedProcess> processes = new ArrayList<>();
    private final Map<String, PackagedProcess> byName = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private String bootstrapServers;

    private PackagedStack() {
    }

    /**
     * @param brokerOptions kafka-local options besides its port and data directory
     * @param common        system properties of every service besides the bootstrap servers, its HTTP port and its
     *                      state directory
     * @param own           further system properties by service
     */
    static PackagedStack start(Path work, List<String> brokerOptions, List<String> common,
            Map<String, List<String>> own) throws IOException {
        return start(work, SERVICES, brokerOptions, common, own, Map.of());
    }

    /**
     * As {@link #start(Path, List, List, Map)}, with only {@code services} (started in that order) and JVM options
     * of their own by service (a flight recording, say).
     */
    static PackagedStack start(Path work, List<String> services, List<String> brokerOptions, List<String> common,
            Map<String, List<String>> own, Map<String, List<String>> jvmOptions) throws IOException {
        PackagedStack stack = new PackagedStack();
        try {
            stack.startAll(work, services, brokerOptions, common, own, jvmOptions);
            return stack;
        } catch (IOException | RuntimeException | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(Path work, List<String> services, List<String> brokerOptions, List<String> common,
            Map<String, List<String>> own, Map<String, List<String>> jvmOptions) throws IOException {
        Path logs = work.resolve("logs");
        int kafkaPort = PackagedProcess.freePort();
        bootstrapServers = "localhost:" + kafkaPort;
        PackagedProcess kafka = started("kafka", PackagedProcess.broker(kafkaPort, work.resolve("kafka"), logs,
                brokerOptions.toArray(String[]::new)));
        await().atMost(Duration.ofMinutes(2)).until(() -> kafka.log().contains("kafka-local ready") || !kafka.isAlive());
        assertThat(kafka.isAlive()).as(kafka.describe()).isTrue();
        for (String service : services) {
            int port = PackagedProcess.freePort();
            ports.put(service, port);
            List<String> properties = new ArrayList<>(List.of("kafka.bootstrap.servers=" + bootstrapServers,
                    "quarkus.http.port=" + port, "kafka-streams.state.dir=" + work.resolve("streams/" + service)));
            properties.addAll(common);
            properties.addAll(own.getOrDefault(service, List.of()));
            started(service, PackagedProcess.service(service, service, List.of(),
                    jvmOptions.getOrDefault(service, List.of()), logs, properties));
        }
        for (int i = 0; i < services.size(); i++) {
            PackagedProcess service = processes.get(i + 1);
            int port = ports.get(services.get(i));
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> PackagedProcess.isReady(port) || !service.isAlive());
            assertThat(service.isAlive()).as(service.describe()).isTrue();
        }
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    /** The HTTP port of a service. */
    int port(String service) {
        return ports.get(service);
    }

    /** A process of the stack by name: {@code kafka} or a service's. */
    PackagedProcess process(String name) {
        return byName.get(name);
    }

    private PackagedProcess started(String name, PackagedProcess process) {
        processes.add(process);
        byName.put(name, process);
        return process;
    }

    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            try {
                processes.get(i).close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        assertThat(processes).noneMatch(PackagedProcess::isAlive);
    }
}
