package dev.healthmon.system.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

import dev.healthmon.kafka.local.BootstrapServers;
import dev.healthmon.kafka.local.KafkaExtension;
import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.Outcome;
import dev.healthmon.topic.Topic;
import dev.healthmon.topic.TopicCatalogue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The load generator against a real broker: what it writes decodes as {@code CheckResult}s in each key's default
 * partition, at the plan's pace, {@code DOWN} exactly within an outage, nothing from a silenced target or region,
 * and a burst on top; each target checked in each of its regions by one prober of that region, and a region held back
 * from delivering writes what it buffered after the others have written what they made later.
 */
@ExtendWith(KafkaExtension.class)
class LoadGeneratorIT {

    private static final Duration INTERVAL = Duration.ofMillis(200);

    @Test
    void sendsThePlanOutagesSilencesAndBursts(@BootstrapServers String bootstrapServers) throws Exception {
        TopicCatalogue topics = new TopicCatalogue("load-" + UUID.randomUUID().toString().substring(0, 8) + ".", 6,
                (short) 1);
        topics.ensureTopics(Map.of("bootstrap.servers", bootstrapServers));
        LoadPlan plan = LoadPlan.of("t", 20, LoadPlan.THREE_REGIONS, INTERVAL);
        String failing = plan.targets().get(0);
        String silenced = plan.targets().get(1);
        String silentRegion = plan.regions().get(2);

        LoadGenerator.Burst burst;
        Instant silencedAt;
        Instant regionSilencedAt;
        try (LoadGenerator generator = LoadGenerator.start(LoadGenerator.producerConfig(bootstrapServers),
                topics.checkResults(), plan)) {
            // Pacing has begun: from here on, every target and region gets a result each interval.
            Instant started = Instant.now();
            Outage outage = Outage.everywhere(failing, started.plusSeconds(1), started.plusSeconds(2));
            generator.addOutage(outage);
            await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(started.plusSeconds(3)));
            silencedAt = generator.silence(List.of(silenced));
            regionSilencedAt = generator.silenceRegion(silentRegion);
            burst = generator.burst(Duration.ofMillis(500), 1_000).get();
            await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(burst.ended().plusSeconds(1)));
            generator.close();
            LoadGenerator.Stats stats = generator.stats();
            assertThat(stats.failed()).as("%s", stats.firstFailure()).isZero();
            assertThat(stats.acknowledged()).isEqualTo(stats.sent()).isEqualTo(stats.made());
            assertThat(stats.burstSent()).isBetween(400L, 600L);

            List<ConsumerRecord<String, CheckResult>> records = readAll(bootstrapServers, topics.checkResults(),
                    stats.sent());
            for (ConsumerRecord<String, CheckResult> record : records) {
                CheckResult result = record.value();
                assertThat(record.key()).isEqualTo(result.getTargetId());
                assertThat(record.partition()).isEqualTo(BuiltInPartitioner.partitionForKey(
                        record.key().getBytes(StandardCharsets.UTF_8), 6));
                assertThat(record.timestamp()).isEqualTo(result.getStartedAt().toEpochMilli());
                boolean inOutage = result.getTargetId().equals(failing)
                        && !result.getStartedAt().isBefore(outage.from())
                        && result.getStartedAt().isBefore(outage.until());
                assertThat(result.getOutcome()).as("%s", result).isEqualTo(inOutage ? Outcome.DOWN : Outcome.UP);
                if (inOutage) {
                    assertThat(result.getFailureKind()).isEqualTo(FailureKind.CONNECTION_REFUSED);
                }
                if (result.getTargetId().equals(silenced)) {
                    assertThat(result.getStartedAt()).isBeforeOrEqualTo(silencedAt);
                }
                if (result.getRegion().equals(silentRegion)) {
                    assertThat(result.getStartedAt()).isBeforeOrEqualTo(regionSilencedAt);
                }
            }
            // The steady pace before the silences: each target and region once per interval.
            Instant paceEnd = silencedAt.minusMillis(200);
            var steady = records.stream().map(ConsumerRecord::value)
                    .filter(r -> r.getStartedAt().isBefore(paceEnd))
                    .collect(Collectors.groupingBy(r -> r.getTargetId() + "/" + r.getRegion(), Collectors.counting()));
            long expected = Duration.between(started, paceEnd).toMillis() / INTERVAL.toMillis();
            assertThat(steady).hasSize(plan.targets().size() * plan.regions().size());
            assertThat(steady.values()).allSatisfy(count -> assertThat(count).isBetween(expected - 2, expected + 2));
        }
    }

    @Test
    void eachProberDeliversOnItsOwnAndAHeldRegionLater(@BootstrapServers String bootstrapServers) throws Exception {
        TopicCatalogue topics = new TopicCatalogue("load-" + UUID.randomUUID().toString().substring(0, 8) + ".", 3,
                (short) 1);
        topics.ensureTopics(Map.of("bootstrap.servers", bootstrapServers));
        String held = LoadPlan.THREE_REGIONS.get(0);
        List<String> single = LoadPlan.ids("single", 6);
        LoadPlan plan = new LoadPlan(Stream.concat(LoadPlan.ids("t", 20).stream(), single.stream()).toList(),
                LoadPlan.THREE_REGIONS, INTERVAL).probedOnlyFrom(single, held).withProbersPerRegion(2);
        assertThat(plan.regionsOf(single.get(0))).containsExactly(held);
        assertThat(plan.resultsPerSecond()).isEqualTo((20 * 3 + 6) * 5.0);

        Instant heldAt;
        Instant resumedAt;
        LoadGenerator.Stats stats;
        try (LoadGenerator generator = LoadGenerator.start(LoadGenerator.producerConfig(bootstrapServers),
                topics.checkResults(), plan)) {
            Instant started = Instant.now();
            await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(started.plusSeconds(1)));
            heldAt = generator.holdDelivery(held);
            await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(heldAt.plusSeconds(3)));
            resumedAt = generator.resumeDelivery(held);
            await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(resumedAt.plusSeconds(1)));
            generator.close();
            stats = generator.stats();
        }
        assertThat(stats.failed()).as("%s", stats.firstFailure()).isZero();
        assertThat(stats.acknowledged()).isEqualTo(stats.made());
        // A result made as the hold began waited for all of it.
        assertThat(stats.maxAcknowledgementWait()).isGreaterThanOrEqualTo(Duration.ofMillis(2_500));

        List<ConsumerRecord<String, CheckResult>> records = readAll(bootstrapServers, topics.checkResults(),
                stats.sent());
        // Each target is checked in each of its regions by one prober of that region, and each prober checks some.
        Map<String, Set<String>> probersByProbe = records.stream().map(ConsumerRecord::value).collect(
                Collectors.groupingBy(r -> r.getTargetId() + "/" + r.getRegion(),
                        Collectors.mapping(CheckResult::getProberId, Collectors.toSet())));
        assertThat(probersByProbe).hasSize(20 * 3 + 6).allSatisfy((probe, probers) -> assertThat(probers)
                .singleElement().asString().startsWith("load-" + probe.substring(probe.indexOf('/') + 1) + "-"));
        assertThat(probersByProbe.values().stream().flatMap(Set::stream).distinct()).hasSize(6);
        assertThat(records).map(ConsumerRecord::value).filteredOn(r -> single.contains(r.getTargetId()))
                .allSatisfy(r -> assertThat(r.getRegion()).isEqualTo(held));

        // In each partition, what the held region made during the hold comes after what the others made later.
        Instant heldMade = heldAt.plusMillis(200);
        // A second before the release: long delivered, however slow the broker.
        Instant othersMade = resumedAt.minusSeconds(1);
        for (int partition = 0; partition < 3; partition++) {
            int p = partition;
            List<ConsumerRecord<String, CheckResult>> log = records.stream().filter(r -> r.partition() == p)
                    .sorted(Comparator.comparingLong(ConsumerRecord::offset)).toList();
            long firstBuffered = log.stream().filter(r -> r.value().getRegion().equals(held)
                    && r.value().getStartedAt().isAfter(heldMade) && r.value().getStartedAt().isBefore(othersMade))
                    .mapToLong(ConsumerRecord::offset).min().orElseThrow();
            long lastOtherBeforeResume = log.stream().filter(r -> !r.value().getRegion().equals(held)
                    && r.value().getStartedAt().isBefore(othersMade)).mapToLong(ConsumerRecord::offset).max()
                    .orElseThrow();
            assertThat(firstBuffered).as("partition %d", p).isGreaterThan(lastOtherBeforeResume);
        }
    }

    @Test
    void refusesPlansItCannotPace() {
        List<String> targets = IntStream.range(0, 2).mapToObj(i -> "t" + i).toList();
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new LoadPlan(targets, List.of("eu"), Duration.ofMillis(15)));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new LoadPlan(List.of("a", "a"), List.of("eu"), INTERVAL));
        LoadPlan plan = new LoadPlan(targets, List.of("eu"), INTERVAL);
        assertThatIllegalArgumentException().isThrownBy(() -> plan.probedOnlyFrom(List.of("t0"), "us"));
        assertThatIllegalArgumentException().isThrownBy(() -> plan.probedOnlyFrom(List.of("x"), "eu"));
        assertThatIllegalArgumentException().isThrownBy(() -> plan.withProbersPerRegion(0));
    }

    private static List<ConsumerRecord<String, CheckResult>> readAll(String bootstrapServers,
            Topic<String, CheckResult> topic, long count) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, CheckResult>> records = new ArrayList<>();
        try (KafkaConsumer<String, CheckResult> consumer = new KafkaConsumer<>(config,
                topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            List<TopicPartition> partitions = IntStream.range(0, topic.partitions())
                    .mapToObj(p -> new TopicPartition(topic.name(), p)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= count;
            });
        }
        assertThat(records).hasSize((int) count);
        return records;
    }
}
