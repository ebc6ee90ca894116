package dev.healthmon.system.netns;

import dev.healthmon.system.PackagedProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The packaged prober, started inside a namespace of a {@link NetworkLab} that a link joins to the root one: the
 * broker's {@code localhost:port} is forwarded to the root namespace's loopback over that link, and its HTTP port
 * (health, metrics) is reached from the root namespace at the link's far end. The lab stops it when it closes.
 */
public final class NamespacedProber implements AutoCloseable {

    private final PackagedProcess process;
    private final String httpBase;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private NamespacedProber(PackagedProcess process, String httpBase) {
        this.process = process;
        this.httpBase = httpBase;
    }

    /**
     * Starts a prober named {@code name} of {@code region} in {@code namespace}, which {@code rootLink} joins to the
     * root namespace, against the broker on the root namespace's {@code localhost:kafkaPort}; {@code properties}
     * adds or overrides settings ({@code key=value}).
     */
    public static NamespacedProber start(NetworkLab lab, Namespace namespace, Link rootLink, int kafkaPort,
            String name, String region, Path logs, List<String> properties) throws IOException {
        lab.forwardLoopbackPort(namespace, rootLink, kafkaPort);
        int httpPort = 8081;
        List<String> settings = new ArrayList<>(List.of(
                "kafka.bootstrap.servers=localhost:" + kafkaPort,
                "quarkus.http.port=" + httpPort,
                "healthmon.prober.region=" + region,
                "healthmon.prober.instance-id=" + name));
        settings.addAll(properties);
        PackagedProcess process = PackagedProcess.service("prober", name, namespace.launcher(), logs, settings);
        return lab.own(new NamespacedProber(process, "http://" + rootLink.addressIn(namespace) + ":" + httpPort));
    }

    public PackagedProcess process() {
        return process;
    }

    /** Whether its readiness check answers 200. */
    public boolean isReady() {
        try {
            return http.send(request("/q/health/ready"), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The body of its answer to GET {@code path}. */
    public String body(String path) throws IOException, InterruptedException {
        return http.send(request(path), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Its metrics, as Prometheus scrapes them: each sample's name with its labels, and its value. */
    public Map<String, Double> metrics() {
        try {
            String text = body("/q/metrics");
            Map<String, Double> samples = new TreeMap<>();
            text.lines().filter(line -> !line.startsWith("#") && !line.isBlank()).forEach(line -> {
                int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            });
            return samples;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The sum of the samples whose name (labels included) starts with {@code prefix}. */
    public static double sum(Map<String, Double> metrics, String prefix) {
        return metrics.entrySet().stream().filter(sample -> sample.getKey().startsWith(prefix))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    /**
     * The upper bound, in seconds, of the schedule-lag histogram bucket that holds the 99th percentile of the lags
     * recorded so far.
     */
    public static double p99ScheduleLag(Map<String, Double> metrics) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        metrics.forEach((sample, count) -> {
            if (sample.startsWith("healthmon_prober_schedule_lag_seconds_bucket{")) {
                int le = sample.indexOf("le=\"") + 4;
                String bound = sample.substring(le, sample.indexOf('"', le));
                buckets.put(bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound), count);
            }
        });
        double total = buckets.lastEntry().getValue();
        return buckets.entrySet().stream().filter(bucket -> bucket.getValue() >= 0.99 * total).findFirst()
                .orElseThrow().getKey();
    }

    /** The descriptors the prober's JVM has open. */
    public long descriptors() {
        try (var fds = Files.list(Path.of("/proc", Long.toString(process.pid()), "fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create(httpBase + path)).timeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
