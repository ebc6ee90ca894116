package dev.healthmon.system.fault;

import static dev.healthmon.system.fault.AnalyzerFaultsIT.assertTruthfulAndRecovered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.healthmon.kafka.local.EmbeddedKafkaCluster;
import dev.healthmon.system.PackagedProcess;
import dev.healthmon.topic.TopicCatalogue;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A three-broker cluster (kafka-local: three brokers and a controller, topics at three replicas with
 * {@code min.insync.replicas=2}; every producer writes with {@code acks=all}) loses the broker that leads the most
 * partitions, the internal ones included, without a controlled shutdown, as when it crashes: it hands nothing over,
 * its partitions stay without a leader until the controller misses its heartbeats and fences it, and the transaction
 * and group coordinators may move with them. All the while the packaged analyzer works under the fault suite's load,
 * and nothing false may be said.
 */
class ThreeBrokerFaultIT {

    private static final Duration FINISH = Duration.ofMinutes(3);

    @TempDir
    Path work;
    private EmbeddedKafkaCluster cluster;
    private FaultStack stack;

    @AfterEach
    void stop() throws InterruptedException {
        if (stack != null) {
            stack.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theBrokerLeadingMostPartitionsCrashesAndNothingFalseIsSaid() throws Exception {
        cluster = EmbeddedKafkaCluster.startWithUncontrolledStops(List.of(PackagedProcess.freePort(),
                PackagedProcess.freePort(), PackagedProcess.freePort()));
        TopicCatalogue topics = new TopicCatalogue(TopicCatalogue.DEFAULT_PREFIX, TopicCatalogue.DEFAULT_PARTITIONS,
                cluster.replicationFactor());
        topics.ensureTopics(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
        stack = FaultStack.on(work, cluster.bootstrapServers(),
                List.of("healthmon.topics.replication-factor=" + cluster.replicationFactor()));
        FaultStack.Service analyzer = stack.startAnalyzer("analyzer-r");
        FaultStack.awaitReady(analyzer);
        FaultCase.Kafka kafka = new FaultCase.Kafka(cluster.bootstrapServers(), topics, "healthmon-analyzer");

        try (FaultCase fault = FaultCase.steady("replica", kafka)) {
            Map<Integer, Long> leaders = leadersByBroker();
            int leading = leaders.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();

            Instant stopping = Instant.now();
            fault.faultBegan(stopping, AnalyzerFaultsIT.OUTAGE);
            cluster.stopBroker(leading);
            Instant stopped = Instant.now();
            // Nothing was handed over: the stopped broker still leads until the controller fences it.
            assertThat(leadersByBroker().getOrDefault(leading, 0L)).as("partitions still led by the stopped broker")
                    .isPositive();
            Instant ledAgain = await().atMost(FINISH).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> leadersByBroker().containsKey(leading) ? Optional.<Instant>empty()
                            : Optional.of(Instant.now()), Optional::isPresent).orElseThrow();
            FaultCase.Outcome outcome = fault.finishOnceRecovered(FINISH);

            GroupProgress progress = fault.progress();
            Optional<Instant> processing = progress.processingAgain(stopped, progress.allPartitions());
            FaultReport.record("3 brokers, the one leading most partitions stopped without a controlled shutdown",
                    outcome,
                    "broker " + leading + " led " + leaders.get(leading) + " of " + leaders.values().stream()
                            .mapToLong(Long::longValue).sum() + " partitions",
                    "stop " + FaultReport.seconds(Duration.between(stopping, stopped)),
                    "stopped → every partition led again " + FaultReport.seconds(stopped, Optional.of(ledAgain)),
                    "results waited for acks=all up to "
                            + FaultReport.seconds(fault.load().stats().maxAcknowledgementWait()),
                    "stopped → analyzer processing on every partition " + FaultReport.seconds(stopped, processing),
                    "most behind " + FaultReport.seconds(progress.maxLag(stopping, outcome.cut())),
                    "detection " + FaultReport.latencies(outcome.detectionLatencies(stopping, ledAgain)));
            assertTruthfulAndRecovered(outcome, stopped, processing);
        }
    }

    /** How many partitions, of every topic (internal ones included), each broker leads. */
    private Map<Integer, Long> leadersByBroker() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.bootstrapServers()))) {
            var names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(30, TimeUnit.SECONDS);
            return admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
                    .flatMap(topic -> topic.partitions().stream()).map(TopicPartitionInfo::leader)
                    .filter(leader -> leader != null).collect(Collectors.groupingBy(leader -> leader.id(),
                            Collectors.counting()));
        }
    }
}
