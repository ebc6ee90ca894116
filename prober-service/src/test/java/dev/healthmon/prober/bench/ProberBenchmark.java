package dev.healthmon.prober.bench;

import dev.healthmon.prober.check.BlackHole;
import dev.healthmon.schemas.HttpCheck;
import dev.healthmon.schemas.Schedule;
import dev.healthmon.schemas.TargetDefinition;
import dev.healthmon.topic.TopicCatalogue;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Measures the packaged prober as operators run it: a process of its own probing N HTTP targets at a 1 s interval
 * against a local nginx, each probe on a fresh connection, publishing every result to a broker in another process.
 * For each N it reports sustained probes/s, CPU time per probe of the whole prober process (Kafka publishing
 * included), resident memory and the p99 schedule lag over a measurement window after a warm-up. Beside it, in the
 * same run and on the same nginx, Monit (Debian's package) checks the same N targets once a second, and the prober
 * is measured again with half of its targets black-holed (listeners whose accept queue is full, so that their SYNs
 * go unanswered), with the descriptors it holds. Not a test: run it with the command in docs/benchmarks.md.
 * Arguments: target counts (default 1000 3000 10000); {@code -Dbench.phases=prober,monit,black-hole} chooses the
 * phases (all by default).
 */
public final class ProberBenchmark {

    private static final Duration WARM_UP = Duration.ofSeconds(25);
    // After the fixed warm-up, until the JIT compilers' share of the prober's CPU stays below the bound for several
    // spans in a row: compiling is a cost of the first minutes, not of each probe (C2 alone took 7% of the CPU in the
    // first minute at 10,000 targets), and it comes in bursts, so one quiet span does not tell.
    private static final Duration JIT_SPAN = Duration.ofSeconds(10);
    private static final int JIT_SETTLED_SPANS = 3;
    private static final double JIT_SETTLED_SHARE = 0.01;
    private static final Duration JIT_SETTLE_LIMIT = Duration.ofMinutes(5);
    private static final Duration WINDOW = Duration.ofSeconds(30);
    private static final String PREFIX = "bench.";
    // Targets spread over several loopback addresses, so that a connection per probe does not run out of
    // ephemeral ports towards one address:port while closed connections linger in TIME_WAIT.
    private static final int LOOPBACK_ADDRESSES = 16;
    // Black holes listen on the next 16 loopback addresses, 127.0.0.17 to 127.0.0.32.
    private static final int BLACK_HOLE_ADDRESSES = 16;
    private static final Duration PEER_WARM_UP = Duration.ofSeconds(10);
    // Below the 1 s interval, so that a black-holed target's run has ended when its next one is due.
    private static final long TIMEOUT_MS = 900;

    private final Path work;
    private final Path moduleDir;
    private final HttpClient http = HttpClient.newHttpClient();

    private ProberBenchmark(Path work, Path moduleDir) {
        this.work = work;
        this.moduleDir = moduleDir;
    }

    record Figures(int targets, double probesPerSecond, double cpuMicrosPerProbe, double systemMicrosPerProbe,
            double jitShare, double cpuCores, long rssMb, double p99LagMs, double downShare, double dropped,
            long maxDescriptors, double notChecked, double skippedPerSecond) {
    }

    /** A peer's figures over the same window: checks asked and done per second (counted at nginx), its CPU. */
    record PeerFigures(int targets, double asked, double achieved, double cpuMicrosPerProbe,
            double systemMicrosPerProbe, double cpuCores, long rssMb) {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (String arg : args) {
            sizes.add(Integer.parseInt(arg));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(1_000, 3_000, 10_000);
        }
        List<String> phases = List.of(System.getProperty("bench.phases", "prober,monit,black-hole").split(","));
        Path moduleDir = Path.of(System.getProperty("prober.module", "prober-service")).toAbsolutePath();
        ProberBenchmark benchmark = new ProberBenchmark(Files.createTempDirectory("healthmon-bench-"), moduleDir);
        List<Figures> prober = new ArrayList<>();
        List<PeerFigures> monit = new ArrayList<>();
        List<Figures> blackHoled = new ArrayList<>();
        for (int size : sizes) {
            Path dir = Files.createDirectories(benchmark.work.resolve("n" + size));
            // One nginx for the phases of a size: the prober and Monit check the same server.
            try (Nginx nginx = benchmark.startNginx(dir)) {
                if (phases.contains("prober")) {
                    prober.add(print(benchmark.runProber(size, nginx, false, dir.resolve("prober"))));
                }
                if (phases.contains("monit")) {
                    monit.add(print(benchmark.runMonit(size, nginx, dir.resolve("monit"))));
                }
                if (phases.contains("black-hole")) {
                    blackHoled.add(print(benchmark.runProber(size, nginx, true, dir.resolve("black-hole"))));
                }
            }
        }
        String tables = (prober.isEmpty() ? "" : table(prober) + "\n")
                + (monit.isEmpty() ? "" : peerTable("Monit", monit) + "\n")
                + (blackHoled.isEmpty() ? "" : blackHoleTable(blackHoled));
        System.out.println(tables);
        Files.writeString(moduleDir.resolve("target/benchmark.md"), tables);
    }

    private static <T> T print(T figures) {
        System.out.println(figures);
        return figures;
    }

    /**
     * The prober probing {@code targets} targets; with {@code blackHoled}, half of them are black holes, and the
     * in-flight bound is raised to the target count so that it does not hide the cost of waiting out timeouts.
     */
    private Figures runProber(int targets, Nginx nginx, boolean blackHoled, Path dir) throws Exception {
        Files.createDirectories(dir);
        int kafkaPort = freePort();
        int proberPort = freePort();
        Process kafka = null;
        Process prober = null;
        List<BlackHole> blackHoles = new ArrayList<>();
        try {
            kafka = startKafka(dir, kafkaPort);
            prober = startProber(dir, kafkaPort, proberPort,
                    blackHoled ? List.of("-Dhealthmon.prober.max-in-flight=" + targets) : List.of());
            if (blackHoled) {
                for (int i = 0; i < BLACK_HOLE_ADDRESSES; i++) {
                    blackHoles.add(new BlackHole(InetAddress.getByName("127.0.0." + (LOOPBACK_ADDRESSES + 1 + i))));
                }
            }
            loadTargets(targets, kafkaPort, nginx.port(), blackHoles);
            waitFor(() -> metric(proberPort, "healthmon_prober_assigned_targets") >= targets, Duration.ofMinutes(2),
                    "the prober to schedule every target");
            warmUp(prober, proberPort);
            Snapshot start = snapshot(prober, proberPort);
            long maxDescriptors = 0;
            // A fixed span by design: the window is what is measured, its descriptors sampled once a second.
            for (long end = System.nanoTime() + WINDOW.toNanos(); System.nanoTime() < end; ) {
                maxDescriptors = Math.max(maxDescriptors, descriptors(prober));
                Thread.sleep(1_000);
            }
            Snapshot end = snapshot(prober, proberPort);
            double seconds = (end.nanos - start.nanos) / 1e9;
            double probes = end.probes - start.probes;
            CpuTimes cpu = end.cpu.since(start.cpu);
            return new Figures(targets, probes / seconds, cpu.total() * 1e6 / probes, cpu.system() * 1e6 / probes,
                    cpu.jit() / cpu.total(), cpu.total() / seconds, end.rssKb / 1024,
                    p99(start.lagBuckets, end.lagBuckets) * 1000, (end.down - start.down) / probes,
                    end.dropped - start.dropped, maxDescriptors, end.notChecked - start.notChecked,
                    (end.skipped - start.skipped) / seconds);
        } finally {
            stop(prober);
            stop(kafka);
            for (BlackHole blackHole : blackHoles) {
                blackHole.close();
            }
        }
    }

    /**
     * Monit checking the same targets on the same nginx, every second ({@code set daemon 1}), each check an HTTP
     * request on a connection of its own with a 1 s timeout. Monit checks one target after another in one thread
     * and sleeps its interval after each round, so the checks done per second are counted at nginx.
     */
    private PeerFigures runMonit(int targets, Nginx nginx, Path dir) throws Exception {
        Files.createDirectories(dir);
        Path control = dir.resolve("monitrc");
        StringBuilder rc = new StringBuilder("""
                set daemon 1
                set logfile %1$s/monit.log
                set pidfile %1$s/monit.pid
                set idfile %1$s/monit.id
                set statefile %1$s/monit.state
                """.formatted(dir));
        for (int i = 0; i < targets; i++) {
            rc.append("check host bench-").append(i).append(" with address ").append(loopback(i)).append('\n')
                    .append("  if failed port ").append(nginx.port())
                    .append(" protocol http request \"/\" with timeout 1 seconds then alert\n");
        }
        Files.writeString(control, rc);
        // Monit refuses a control file that others may read.
        Files.setPosixFilePermissions(control, PosixFilePermissions.fromString("rw-------"));
        Process monit = new ProcessBuilder("monit", "-I", "-c", control.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("monit.out").toFile()).start();
        try {
            long before = nginx.requests();
            waitFor(() -> nginx.requests() > before + targets, Duration.ofMinutes(2), "Monit's first round");
            Awaitility.await("Monit's warm-up").pollDelay(PEER_WARM_UP).atMost(PEER_WARM_UP.plusSeconds(5))
                    .until(monit::isAlive);
            long startRequests = nginx.requests();
            long startNanos = System.nanoTime();
            CpuTimes startCpu = CpuTimes.of(monit);
            // A fixed span by design: the window is what is measured.
            Thread.sleep(WINDOW.toMillis());
            long endRequests = nginx.requests();
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            CpuTimes cpu = CpuTimes.of(monit).since(startCpu);
            // Less the status requests of the two readings.
            double checks = endRequests - startRequests - 1;
            return new PeerFigures(targets, targets, checks / seconds, cpu.total() * 1e6 / checks,
                    cpu.system() * 1e6 / checks, cpu.total() / seconds, rssKb(monit) / 1024);
        } finally {
            stop(monit);
        }
    }

    private static void stop(Process process) throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static String loopback(int target) {
        return "127.0.0." + (1 + target % LOOPBACK_ADDRESSES);
    }

    /** Runs the fixed warm-up, then waits until the JIT compilers have (nearly) stopped, or the limit passes. */
    private void warmUp(Process prober, int port) throws Exception {
        JitSpans spans = new JitSpans(prober, port);
        try {
            Awaitility.await("the JIT to settle").pollDelay(WARM_UP).pollInterval(JIT_SPAN)
                    .atMost(WARM_UP.plus(JIT_SETTLE_LIMIT)).until(spans::settled);
        } catch (ConditionTimeoutException stillCompiling) {
            System.out.printf(Locale.ROOT, "The JIT had not settled after %s: %.1f%% of the CPU in the last span%n",
                    JIT_SETTLE_LIMIT, spans.lastShare * 100);
        }
    }

    /** The compilers' share of the prober's CPU span by span, from one call of {@link #settled} to the next. */
    private final class JitSpans {

        private final Process prober;
        private final int port;
        private CpuTimes before;
        private int quietSpans;
        private double lastShare;

        JitSpans(Process prober, int port) {
            this.prober = prober;
            this.port = port;
        }

        boolean settled() throws Exception {
            // Scraped as Prometheus would, so that the scrape's own code is compiled before the window, not in it.
            snapshot(prober, port);
            CpuTimes now = CpuTimes.of(prober);
            if (before != null) {
                CpuTimes span = now.since(before);
                lastShare = span.jit() / span.total();
                quietSpans = lastShare <= JIT_SETTLED_SHARE ? quietSpans + 1 : 0;
            }
            before = now;
            return quietSpans >= JIT_SETTLED_SPANS;
        }
    }

    /** CPU seconds of the prober process: user and system time, and the JIT compiler threads' share of them. */
    record CpuTimes(double user, double system, double jit) {

        static CpuTimes of(Process process) throws IOException {
            long[] times = ticks(Path.of("/proc/" + process.pid() + "/stat"));
            long jitTicks = 0;
            try (var threads = Files.list(Path.of("/proc/" + process.pid() + "/task"))) {
                for (Path thread : threads.toList()) {
                    try {
                        // HotSpot's compiler threads: "C1 CompilerThread0", "C2 CompilerThread1", ... (cut to 15).
                        if (Files.readString(thread.resolve("comm")).contains("CompilerThre")) {
                            long[] threadTimes = ticks(thread.resolve("stat"));
                            jitTicks += threadTimes[0] + threadTimes[1];
                        }
                    } catch (NoSuchFileException ended) {
                        // A compiler thread that ended (HotSpot adds and removes them as needed) counts no more.
                    }
                }
            }
            return new CpuTimes(times[0] / 100.0, times[1] / 100.0, jitTicks / 100.0);
        }

        /** Fields 14 and 15 of a {@code stat} file (utime, stime), in clock ticks of 1/100 s. */
        private static long[] ticks(Path stat) throws IOException {
            String[] fields = Files.readString(stat).split("\\) ", -1)[1].split(" ", -1);
            return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])};
        }

        double total() {
            return user + system;
        }

        CpuTimes since(CpuTimes earlier) {
            return new CpuTimes(user - earlier.user, system - earlier.system, jit - earlier.jit);
        }
    }

    /** The nginx both the prober and Monit check, and the count of requests it has served (stub_status). */
    private final class Nginx implements AutoCloseable {

        private final Process process;
        private final int port;
        private final int statusPort;

        Nginx(Process process, int port, int statusPort) {
            this.process = process;
            this.port = port;
            this.statusPort = statusPort;
        }

        int port() {
            return port;
        }

        /** Requests served so far, the status requests included. */
        long requests() throws Exception {
            // Active connections: 1 \n server accepts handled requests\n 10 10 12 \n Reading: ...
            String[] counts = get("http://127.0.0.1:" + statusPort + "/").split("\n", -1)[2].trim().split("\\s+", -1);
            return Long.parseLong(counts[2]);
        }

        @Override
        // Not InterruptedException: try-with-resources could then hide an interruption; it is kept as the flag.
        public void close() {
            try {
                stop(process);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private Nginx startNginx(Path dir) throws Exception {
        int port = freePort();
        int statusPort = freePort();
        StringBuilder listen = new StringBuilder();
        for (int i = 1; i <= LOOPBACK_ADDRESSES; i++) {
            listen.append("    listen 127.0.0.").append(i).append(':').append(port).append(" backlog=4096;\n");
        }
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, """
                worker_processes 1;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/nginx-error.log warn;
                events { worker_connections 16384; }
                http {
                  access_log off;
                  client_body_temp_path %1$s;
                  proxy_temp_path %1$s;
                  fastcgi_temp_path %1$s;
                  uwsgi_temp_path %1$s;
                  scgi_temp_path %1$s;
                  server {
                %2$s    location / { return 200 "ok\\n"; }
                  }
                  server {
                    listen 127.0.0.1:%3$d;
                    location / { stub_status; }
                  }
                }
                """.formatted(dir, listen, statusPort));
        Process process = new ProcessBuilder("nginx", "-c", conf.toString(), "-p", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        waitFor(() -> status("http://127.0.0.1:" + port + "/") == 200, Duration.ofSeconds(20), "nginx");
        return new Nginx(process, port, statusPort);
    }

    private Process startKafka(Path dir, int port) throws Exception {
        Path jar = moduleDir.resolve("../kafka-local/target/healthmon-kafka-local-0.1.0-SNAPSHOT.jar").normalize();
        Process kafka = new ProcessBuilder(java(), "-cp", jar.toString(),
                "dev.healthmon.kafka.local.LocalKafka", "--port", Integer.toString(port),
                "--data-dir", dir.resolve("kafka").toString(), "--topic-prefix", PREFIX, "--partitions", "6")
                .redirectErrorStream(true).redirectOutput(dir.resolve("kafka.out").toFile()).start();
        waitFor(() -> Files.readString(dir.resolve("kafka.out")).contains("kafka-local ready"), Duration.ofMinutes(2),
                "kafka-local");
        return kafka;
    }

    private Process startProber(Path dir, int kafkaPort, int httpPort, List<String> settings) throws Exception {
        Path jar = moduleDir.resolve("target/quarkus-app/quarkus-run.jar");
        List<String> command = new ArrayList<>(List.of(java()));
        // The serial collector, as healthmon-local and the image run the prober. -Dprober.jvm-options="..." replaces
        // these options, e.g. with a flight recording (keep -XX:+UseSerialGC in it to compare like with like).
        String jvmOptions = System.getProperty("prober.jvm-options", "-XX:+UseSerialGC").trim();
        if (!jvmOptions.isEmpty()) {
            command.addAll(List.of(jvmOptions.split("\\s+")));
        }
        command.addAll(List.of(
                "-Dquarkus.http.port=" + httpPort,
                "-Dkafka.bootstrap.servers=localhost:" + kafkaPort,
                "-Dhealthmon.topics.prefix=" + PREFIX,
                "-Dhealthmon.prober.region=bench",
                "-Dhealthmon.prober.instance-id=bench-1",
                "-Dquarkus.log.level=WARN"));
        command.addAll(settings);
        command.addAll(List.of("-jar", jar.toString()));
        Process prober = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prober.out").toFile()).start();
        waitFor(() -> status("http://localhost:" + httpPort + "/q/health/ready") == 200, Duration.ofMinutes(2),
                "the prober to be ready");
        return prober;
    }

    /** The targets, spread over the nginx addresses; every second one on a black hole when there are any. */
    private static void loadTargets(int targets, int kafkaPort, int nginxPort, List<BlackHole> blackHoles)
            throws Exception {
        TopicCatalogue catalogue = new TopicCatalogue(PREFIX, 6, (short) 1);
        try (KafkaProducer<String, TargetDefinition> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + kafkaPort,
                        ProducerConfig.LINGER_MS_CONFIG, 20),
                catalogue.targets().keySerde().serializer(), catalogue.targets().valueSerde().serializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < targets; i++) {
                String id = "bench-" + i;
                String url;
                if (!blackHoles.isEmpty() && i % 2 == 1) {
                    int hole = (i / 2) % blackHoles.size();
                    url = "http://127.0.0." + (LOOPBACK_ADDRESSES + 1 + hole) + ":" + blackHoles.get(hole).port() + "/";
                } else {
                    url = "http://" + loopback(i) + ":" + nginxPort + "/";
                }
                TargetDefinition definition = TargetDefinition.newBuilder()
                        .setId(id).setName(id)
                        .setSchedule(new Schedule(1_000L, TIMEOUT_MS, 0L))
                        .setCheck(HttpCheck.newBuilder().setUrl(url).build())
                        .build();
                sent.add(producer.send(new ProducerRecord<>(catalogue.targets().name(), id, definition)));
            }
            producer.flush();
            // A definition that was not written fails the benchmark here, with its reason.
            for (Future<RecordMetadata> written : sent) {
                written.get();
            }
        }
    }

    private record Snapshot(long nanos, double probes, double down, double dropped, double notChecked,
            double skipped, CpuTimes cpu, long rssKb, TreeMap<Double, Double> lagBuckets) {
    }

    private Snapshot snapshot(Process prober, int port) throws Exception {
        String metrics = get("http://localhost:" + port + "/q/metrics");
        long nanos = System.nanoTime();
        double probes = 0;
        double down = 0;
        double dropped = 0;
        double notChecked = 0;
        double skipped = 0;
        TreeMap<Double, Double> buckets = new TreeMap<>();
        for (String line : metrics.split("\n", -1)) {
            if (line.startsWith("healthmon_prober_probes_total{")) {
                probes += value(line);
                if (line.contains("outcome=\"DOWN\"")) {
                    down += value(line);
                }
            } else if (line.startsWith("healthmon_prober_results_dropped_total")) {
                dropped += value(line);
            } else if (line.startsWith("healthmon_prober_runs_not_checked_total{")) {
                notChecked += value(line);
            } else if (line.startsWith("healthmon_prober_skipped_runs_total")) {
                skipped += value(line);
            } else if (line.startsWith("healthmon_prober_schedule_lag_seconds_bucket{")) {
                int le = line.indexOf("le=\"") + 4;
                String bound = line.substring(le, line.indexOf('"', le));
                buckets.put(bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound), value(line));
            }
        }
        return new Snapshot(nanos, probes, down, dropped, notChecked, skipped, CpuTimes.of(prober), rssKb(prober),
                buckets);
    }

    private static long rssKb(Process process) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + process.pid() + "/status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                .findFirst().orElse(0L);
    }

    private static long descriptors(Process process) throws IOException {
        try (var fds = Files.list(Path.of("/proc/" + process.pid() + "/fd"))) {
            return fds.count();
        }
    }

    /** The upper bound of the bucket holding the 99th percentile of the lags recorded between the snapshots. */
    private static double p99(NavigableMap<Double, Double> before, NavigableMap<Double, Double> after) {
        double total = after.lastEntry().getValue() - before.lastEntry().getValue();
        for (Map.Entry<Double, Double> bucket : after.entrySet()) {
            double count = bucket.getValue() - before.getOrDefault(bucket.getKey(), 0.0);
            if (count >= 0.99 * total) {
                return bucket.getKey();
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    private static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    private double metric(int port, String name) {
        try {
            return get("http://localhost:" + port + "/q/metrics").lines().filter(l -> l.startsWith(name + " "))
                    .mapToDouble(ProberBenchmark::value).sum();
        } catch (Exception e) {
            return -1;
        }
    }

    private String get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private int status(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static void waitFor(Callable<Boolean> condition, Duration timeout, String what) {
        Awaitility.await(what).atMost(timeout).pollInterval(Duration.ofMillis(250)).until(condition);
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static String table(List<Figures> figures) {
        StringBuilder out = new StringBuilder("""
                | targets (1 s interval) | probes/s | CPU per probe | of it system | JIT share | prober CPU | RSS | p99 schedule lag | DOWN share | results dropped |
                |---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
                """);
        for (Figures f : figures) {
            out.append(String.format(Locale.ROOT,
                    "| %,d | %,.0f | %.0f µs | %.0f µs | %.1f%% | %.0f%% of a core | %d MB | ≤ %.0f ms | %.1f%% | %,.0f |%n",
                    f.targets(), f.probesPerSecond(), f.cpuMicrosPerProbe(), f.systemMicrosPerProbe(),
                    f.jitShare() * 100, f.cpuCores() * 100, f.rssMb(),
                    f.p99LagMs(), f.downShare() * 100, f.dropped()));
        }
        return out.toString();
    }

    static String peerTable(String peer, List<PeerFigures> figures) {
        StringBuilder out = new StringBuilder("""
                | %s: targets (1 s interval) | checks/s asked | checks/s done | CPU per check | of it system | CPU | RSS |
                |---:|---:|---:|---:|---:|---:|---:|
                """.formatted(peer));
        for (PeerFigures f : figures) {
            out.append(String.format(Locale.ROOT, "| %,d | %,.0f | %,.0f | %.0f µs | %.0f µs | %.0f%% of a core | %d MB |%n",
                    f.targets(), f.asked(), f.achieved(), f.cpuMicrosPerProbe(), f.systemMicrosPerProbe(),
                    f.cpuCores() * 100, f.rssMb()));
        }
        return out.toString();
    }

    static String blackHoleTable(List<Figures> figures) {
        StringBuilder out = new StringBuilder("""
                | half black-holed: targets (1 s interval) | probes/s | skipped runs/s | CPU per probe | of it system | prober CPU | descriptors (max) | RSS | p99 schedule lag | DOWN share | not checked |
                |---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
                """);
        for (Figures f : figures) {
            out.append(String.format(Locale.ROOT,
                    "| %,d | %,.0f | %,.0f | %.0f µs | %.0f µs | %.0f%% of a core | %,d | %d MB | ≤ %.0f ms | %.1f%% | %,.0f |%n",
                    f.targets(), f.probesPerSecond(), f.skippedPerSecond(), f.cpuMicrosPerProbe(),
                    f.systemMicrosPerProbe(), f.cpuCores() * 100, f.maxDescriptors(), f.rssMb(), f.p99LagMs(),
                    f.downShare() * 100, f.notChecked()));
        }
        return out.toString();
    }
}
