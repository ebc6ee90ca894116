package dev.healthmon.system.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.DnsCheck;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.HttpCheck;
import dev.healthmon.schemas.Outcome;
import dev.healthmon.schemas.Schedule;
import dev.healthmon.schemas.TargetDefinition;
import dev.healthmon.schemas.TcpCheck;
import dev.healthmon.schemas.TlsCheck;
import dev.healthmon.system.PackagedProcess;
import dev.healthmon.system.load.LoadTargets;
import dev.healthmon.system.netns.Link;
import dev.healthmon.system.netns.Namespace;
import dev.healthmon.system.netns.NamespacedProber;
import dev.healthmon.system.netns.NetworkLab;
import dev.healthmon.topic.TopicCatalogue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged prober against a hostile network: a few thousand targets at once, half of them healthy, the others
 * behind a firewall that drops their packets (a black hole), resets their connections, answers "host
 * unreachable" or loses 30 % of their packets, or on servers that answer late, never complete a TLS handshake or
 * never say the banner a check expects, or named through a name server that never answers.
 *
 * <p>The prober runs in a network namespace of its own; the targets and their servers in another one behind a
 * veth pair, where iptables rules make the faults. The prober's broker is the root namespace's, on its loopback
 * ({@link NetworkLab#forwardLoopbackPort}). Assertions: no healthy target ever gets a {@code DOWN} result; every
 * result of a hostile target has the failure kind its fault stands for; the prober's descriptors and its sockets
 * in {@code SYN-SENT} stay bounded (a black hole's timed-out connects are closed, not left to the kernel's two
 * minutes of retries); no run goes unchecked for a reason of the prober's own. The schedule lag is reported.
 */
class HostileNetworkIT {

    // Generous, so that a machine busy with other builds does not make a healthy target (whose server shares the
    // machine) miss its timeout.
    private static final long INTERVAL_MS = 4_000;
    private static final long TIMEOUT_MS = 2_000;
    private static final int MAX_IN_FLIGHT = 1_000;
    private static final Duration OBSERVED = Duration.ofSeconds(40);

    @TempDir
    static Path work;

    private static PackagedProcess kafka;
    private static int kafkaPort;
    private NetworkLab lab;
    private String topicPrefix;
    private Namespace proberSide;
    private Namespace targetSide;
    private Link toRoot;
    private TopicCatalogue topics;
    private Path logs;

    /** One kind of target: how many, how each is defined, and the outcomes its results may have. */
    private record Kind(String name, int count, IntFunction<Object> check, Set<Verdict> allowed) {
    }

    /** An outcome with its failure kind ({@code null} for {@code UP}). */
    private record Verdict(Outcome outcome, FailureKind kind) {

        static final Verdict UP = new Verdict(Outcome.UP, null);

        static Verdict down(FailureKind kind) {
            return new Verdict(Outcome.DOWN, kind);
        }

        static Verdict of(CheckResult result) {
            return new Verdict(result.getOutcome(), result.getFailureKind());
        }
    }

    @BeforeAll
    static void startTheBroker() throws Exception {
        if (NetworkLab.unavailable().isPresent()) {
            return;
        }
        kafkaPort = PackagedProcess.freePort();
        kafka = PackagedProcess.broker(kafkaPort, work.resolve("kafka"), work.resolve("logs"));
        await().atMost(Duration.ofMinutes(2)).until(() -> kafka.log().contains("kafka-local ready")
                || !kafka.isAlive());
        assertThat(kafka.isAlive()).as(kafka.describe()).isTrue();
    }

    @AfterAll
    static void stopTheBroker() throws InterruptedException {
        if (kafka != null) {
            kafka.close();
        }
    }

    @BeforeEach
    void buildTheNetwork(TestInfo test) throws IOException {
        String unavailable = NetworkLab.unavailable().orElse(null);
        assumeTrue(unavailable == null, () -> "hostile-network suite skipped: " + unavailable);
        lab = NetworkLab.create();
        String name = test.getTestMethod().orElseThrow().getName();
        logs = Files.createDirectories(work.resolve("logs").resolve(name));
        // Topics of the test's own: a prober reads every target of its topics.
        topicPrefix = "hostile-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        topics = new TopicCatalogue(topicPrefix, 6, (short) 1);
        // Asked again while the new topics' metadata is still spreading (the co-partitioning check may not see them).
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> topics.ensureTopics(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + kafkaPort)) != null);
        // The prober in a namespace of its own, joined to the root one (its broker) and, by a link of its own, to
        // the targets' namespace, whose service addresses it routes there.
        proberSide = lab.namespace("prober");
        targetSide = lab.namespace("targets");
        toRoot = lab.link(lab.root(), proberSide);
        Link toTargets = lab.link(proberSide, targetSide);
        proberSide.route(lab.serviceNetwork(), toTargets.addressIn(targetSide));
    }

    @AfterEach
    void tearDown() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void healthyTargetsStayUpAndEveryHostileOneFailsForItsOwnReason() throws Exception {
        String healthy = lab.serviceAddress(1);
        String blackHole = lab.serviceAddress(2);
        String resetting = lab.serviceAddress(3);
        String unreachable = lab.serviceAddress(4);
        String lossy = lab.serviceAddress(5);
        String nameServer = lab.serviceAddress(53);
        for (String address : List.of(healthy, blackHole, resetting, unreachable, lossy, nameServer)) {
            targetSide.addLoopbackAddress(address);
        }
        // The faults, as a firewall in front of the targets makes them.
        // Every probe of an unreachable target gets its ICMP answer: none is held back by the rate limit.
        targetSide.sysctl("net.ipv4.icmp_ratelimit", "0");
        targetSide.iptables("-A", "INPUT", "-d", blackHole, "-j", "DROP");
        targetSide.iptables("-A", "INPUT", "-d", resetting, "-p", "tcp", "-j", "REJECT", "--reject-with",
                "tcp-reset");
        targetSide.iptables("-A", "INPUT", "-d", unreachable, "-p", "tcp", "-j", "REJECT", "--reject-with",
                "icmp-host-unreachable");
        targetSide.iptables("-A", "INPUT", "-d", lossy, "-m", "statistic", "--mode", "random", "--probability",
                "0.3", "-j", "DROP");

        startTargetServers(targetSide);

        NamespacedProber prober = startProber(proberSide, toRoot, "hostile", List.of(
                "healthmon.prober.name-servers=" + nameServer, "healthmon.prober.max-in-flight=" + MAX_IN_FLIGHT));
        long idleDescriptors = prober.descriptors();

        List<Kind> kinds = List.of(
                new Kind("healthy-http", 1_000, i -> http("http://" + healthy + "/h/" + i), Set.of(Verdict.UP)),
                new Kind("healthy-tcp", 20, i -> tcp(healthy, TargetServers.HEALTHY, null), Set.of(Verdict.UP)),
                new Kind("healthy-dns", 20, i -> DnsCheck.newBuilder().setHostname("localhost").build(),
                        Set.of(Verdict.UP)),
                new Kind("black-hole-http", 300, i -> http("http://" + blackHole + "/"),
                        Set.of(Verdict.down(FailureKind.TIMEOUT))),
                new Kind("black-hole-tcp", 20, i -> tcp(blackHole, 22, null), Set.of(Verdict.down(FailureKind.TIMEOUT))),
                new Kind("black-hole-tls", 20, i -> TlsCheck.newBuilder().setHost(blackHole).setPort(443).build(),
                        Set.of(Verdict.down(FailureKind.TIMEOUT))),
                new Kind("reset-http", 150, i -> http("http://" + resetting + "/"),
                        Set.of(Verdict.down(FailureKind.CONNECTION_REFUSED))),
                new Kind("unreachable-http", 100, i -> http("http://" + unreachable + "/"),
                        Set.of(Verdict.down(FailureKind.UNREACHABLE))),
                new Kind("lossy-http", 100, i -> http("http://" + lossy + "/l/" + i),
                        Set.of(Verdict.UP, Verdict.down(FailureKind.TIMEOUT))),
                new Kind("late-http", 100, i -> http("http://" + healthy + ":" + TargetServers.LATE + "/"),
                        Set.of(Verdict.down(FailureKind.TIMEOUT))),
                new Kind("slowish-http", 40, i -> HttpCheck.newBuilder()
                        .setUrl("http://" + healthy + ":" + TargetServers.SLOWISH + "/").setMaxResponseTimeMs(200L)
                        // A server slow enough to miss its maximum may miss the timeout too on a busy machine.
                        .build(), Set.of(Verdict.down(FailureKind.SLOW_RESPONSE), Verdict.down(FailureKind.TIMEOUT))),
                new Kind("tls-stall", 50, i -> TlsCheck.newBuilder().setHost(healthy).setPort(TargetServers.SILENT)
                        .build(), Set.of(Verdict.down(FailureKind.TIMEOUT))),
                new Kind("banner-stall", 20, i -> tcp(healthy, TargetServers.SILENT, "SSH-"),
                        Set.of(Verdict.down(FailureKind.TIMEOUT))),
                new Kind("silent-dns", 40, i -> DnsCheck.newBuilder().setHostname("svc-" + i + ".hostile.test")
                        .build(), Set.of(Verdict.down(FailureKind.DNS))),
                new Kind("silent-dns-http", 20, i -> http("http://web-" + i + ".hostile.test/"),
                        Set.of(Verdict.down(FailureKind.DNS))));
        Map<String, Kind> kindOf = new HashMap<>();
        List<TargetDefinition> definitions = new ArrayList<>();
        for (Kind kind : kinds) {
            for (int i = 0; i < kind.count(); i++) {
                String id = kind.name() + "-" + i;
                kindOf.put(id, kind);
                definitions.add(TargetDefinition.newBuilder().setId(id).setName(id)
                        .setSchedule(new Schedule(INTERVAL_MS, TIMEOUT_MS, 0L)).setCheck(kind.check().apply(i))
                        .build());
            }
        }
        LoadTargets.register(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + kafkaPort),
                topics.targets(), definitions);

        // Everything the prober publishes, from the start; its descriptors and sockets sampled once a second.
        Map<String, List<CheckResult>> results = new HashMap<>();
        long maxDescriptors = 0;
        long maxSynSent = 0;
        try (KafkaConsumer<String, CheckResult> consumer = resultReader()) {
            Instant everyTargetSeen = null;
            Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
            while (everyTargetSeen == null || Instant.now().isBefore(everyTargetSeen.plus(OBSERVED))) {
                assertThat(Instant.now()).as("every target probed before the deadline").isBefore(deadline);
                consumer.poll(Duration.ofSeconds(1)).forEach(record ->
                        results.computeIfAbsent(record.key(), id -> new ArrayList<>()).add(record.value()));
                maxDescriptors = Math.max(maxDescriptors, prober.descriptors());
                maxSynSent = Math.max(maxSynSent, proberSide.tcpSockets("syn-sent"));
                if (everyTargetSeen == null && results.keySet().containsAll(kindOf.keySet())) {
                    everyTargetSeen = Instant.now();
                }
            }
        }

        Map<String, Double> metrics = prober.metrics();
        double p99LagSeconds = NamespacedProber.p99ScheduleLag(metrics);
        double notChecked = NamespacedProber.sum(metrics, "healthmon_prober_runs_not_checked_total");
        // Targets whose SYNs are dropped, all or some: each has at most one run in flight, holding one socket.
        long dropping = kinds.stream().filter(kind -> kind.name().startsWith("black-hole")
                || kind.name().startsWith("lossy")).mapToInt(Kind::count).sum();
        System.out.printf(Locale.ROOT, "Hostile network: %d targets, %d results; descriptors %d idle, %d at most; "
                        + "SYN-SENT sockets %d at most; p99 schedule lag <= %.3f s; runs not checked %.0f; %s%n",
                definitions.size(), results.values().stream().mapToInt(List::size).sum(), idleDescriptors,
                maxDescriptors, maxSynSent, p99LagSeconds, notChecked, verdictsByKind(results, kindOf));

        for (Map.Entry<String, List<CheckResult>> target : results.entrySet()) {
            Kind kind = kindOf.get(target.getKey());
            assertThat(target.getValue()).as("results of %s", target.getKey())
                    .allSatisfy(result -> assertThat(kind.allowed()).as("%s", result).contains(Verdict.of(result)));
        }
        // Loss makes some runs of the lossy targets time out, and retransmission lets others through.
        List<CheckResult> lossyResults = results.entrySet().stream()
                .filter(target -> kindOf.get(target.getKey()).name().equals("lossy-http"))
                .flatMap(target -> target.getValue().stream()).toList();
        assertThat(lossyResults).anyMatch(result -> result.getOutcome() == Outcome.UP)
                .anyMatch(result -> result.getOutcome() == Outcome.DOWN);
        // A black hole's connects are closed at their timeout, not left to the kernel's two minutes of retries.
        assertThat(maxSynSent).as("sockets in SYN-SENT").isLessThanOrEqualTo(dropping);
        assertThat(maxDescriptors - idleDescriptors).as("descriptors beyond those of the idle prober")
                .isLessThanOrEqualTo(MAX_IN_FLIGHT);
        // On a machine too busy for the prober to keep time (a cold start beside other builds), runs are not
        // checked rather than blamed on their targets; nothing else of its own may fail.
        assertThat(notChecked - NamespacedProber.sum(metrics,
                "healthmon_prober_runs_not_checked_total{reason=\"OVERLOADED\"}"))
                .as("runs not checked for a reason of the prober's own other than its load").isZero();
        // Reported above; asserted only against a scheduler that falls behind for good.
        assertThat(p99LagSeconds).as("p99 schedule lag").isLessThan(5 * INTERVAL_MS / 1000.0);
    }

    @Test
    void runningOutOfEphemeralPortsIsTheProbersFailureNotTheTargets() throws Exception {
        String server = lab.serviceAddress(1);
        targetSide.addLoopbackAddress(server);
        startTargetServers(targetSide);
        NamespacedProber prober = startProber(proberSide, toRoot, "ports", List.of());
        // Healthy targets on one server that takes its time (twice the suite's timeout, well within theirs): about
        // 24 connections to it at once.
        List<TargetDefinition> definitions = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            definitions.add(TargetDefinition.newBuilder().setId("slow-" + i).setName("slow-" + i)
                    .setSchedule(new Schedule(5 * TIMEOUT_MS, 4 * TIMEOUT_MS, 0L))
                    .setCheck(http("http://" + server + ":" + TargetServers.LATE + "/" + i)).build());
        }
        LoadTargets.register(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + kafkaPort),
                topics.targets(), definitions);
        List<CheckResult> results = new ArrayList<>();
        try (KafkaConsumer<String, CheckResult> consumer = resultReader()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> results.add(record.value()));
                return results.size() >= definitions.size();
            });
            // Ten local ports for the prober's namespace: a connection to one server needs one of its own.
            proberSide.sysctl("net.ipv4.ip_local_port_range", "40000 40009");
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> prober.body("/q/health/ready")
                    .contains("\"ownFailure\": \"NO_EPHEMERAL_PORT\""));
            assertThat(prober.process().log()).contains("(NO_EPHEMERAL_PORT: Cannot assign requested address");
            proberSide.sysctl("net.ipv4.ip_local_port_range", "32768 60999");
            Instant restored = Instant.now();
            await().atMost(Duration.ofSeconds(60)).until(prober::isReady);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> results.add(record.value()));
                return results.stream().filter(result -> result.getStartedAt().isAfter(restored)).count()
                        >= definitions.size();
            });
        }
        assertThat(NamespacedProber.sum(prober.metrics(),
                "healthmon_prober_runs_not_checked_total{reason=\"NO_EPHEMERAL_PORT\"}")).isPositive();
        // The runs that found no port published nothing: every result there is is UP.
        assertThat(results).allSatisfy(result -> assertThat(result.getOutcome()).as("%s", result)
                .isEqualTo(Outcome.UP));
    }

    /** The targets' servers, in their namespace; late answers come after twice the timeout, slowish ones within it. */
    private void startTargetServers(Namespace targetSide) throws IOException {
        Path serversLog = logs.resolve("target-servers.log");
        Process servers = lab.start(targetSide, List.of(java(), "-Xmx128m", "-cp", System.getProperty(
                "java.class.path"), TargetServers.class.getName(), Long.toString(2 * TIMEOUT_MS), "400"), serversLog);
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(serversLog).contains("ready")
                || !servers.isAlive());
        assertThat(servers.isAlive()).as("target servers: %s", Files.readString(serversLog)).isTrue();
    }

    /** A packaged prober of {@code region} in {@code namespace}, on the test's topics, once it is ready. */
    private NamespacedProber startProber(Namespace namespace, Link toRoot, String region, List<String> settings)
            throws IOException {
        List<String> all = new ArrayList<>(settings);
        all.add("healthmon.topics.prefix=" + topicPrefix);
        NamespacedProber prober = NamespacedProber.start(lab, namespace, toRoot, kafkaPort, region + "-prober",
                region, logs, all);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> prober.isReady() || !prober.process().isAlive());
        assertThat(prober.process().isAlive()).as(prober.process().describe()).isTrue();
        return prober;
    }

    private static Map<String, Map<Verdict, Long>> verdictsByKind(Map<String, List<CheckResult>> results,
            Map<String, Kind> kindOf) {
        return results.entrySet().stream().flatMap(target -> target.getValue().stream()
                        .map(result -> Map.entry(kindOf.get(target.getKey()).name(), Verdict.of(result))))
                .collect(Collectors.groupingBy(Map.Entry::getKey, java.util.TreeMap::new,
                        Collectors.groupingBy(Map.Entry::getValue, Collectors.counting())));
    }

    private static HttpCheck http(String url) {
        return HttpCheck.newBuilder().setUrl(url).build();
    }

    private static TcpCheck tcp(String host, int port, String expect) {
        return TcpCheck.newBuilder().setHost(host).setPort(port).setExpect(expect).build();
    }

    private KafkaConsumer<String, CheckResult> resultReader() {
        var checkResults = topics.checkResults();
        KafkaConsumer<String, CheckResult> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + kafkaPort,
                ConsumerConfig.GROUP_ID_CONFIG, "hostile-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                checkResults.keySerde().deserializer(), checkResults.valueSerde().deserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(checkResults.name()).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
