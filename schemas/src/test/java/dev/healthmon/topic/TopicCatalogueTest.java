package dev.healthmon.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class TopicCatalogueTest {

    private final TopicCatalogue catalogue = new TopicCatalogue("acme.", 12, (short) 3);

    @Test
    void declaresEveryTopicOfTheContractOnceUnderThePrefix() {
        Set<String> names = catalogue.all().stream().map(Topic::name).collect(Collectors.toSet());

        assertThat(catalogue.all()).hasSize(7);
        assertThat(names).containsExactlyInAnyOrder("acme.targets", "acme.check-results", "acme.status",
                "acme.events", "acme.uptime", "acme.groups", "acme.dlq");
    }

    @Test
    void everyTopicHasTheSamePartitionCountSoTargetKeyedTopicsAreCoPartitioned() {
        assertThat(catalogue.all()).allSatisfy(topic -> assertThat(topic.partitions()).isEqualTo(12));
    }

    @Test
    void stateTopicsAreCompactedAndLogsExpire() {
        assertThat(cleanup(catalogue.targets())).isEqualTo("compact");
        assertThat(cleanup(catalogue.status())).isEqualTo("compact");
        assertThat(cleanup(catalogue.groups())).isEqualTo("compact");
        assertThat(cleanup(catalogue.uptime())).isEqualTo("compact,delete");
        assertThat(cleanup(catalogue.checkResults())).isEqualTo("delete");
        assertThat(catalogue.checkResults().configs()).containsEntry(TopicConfig.RETENTION_MS_CONFIG,
                Long.toString(7L * 24 * 3600 * 1000));
        assertThat(catalogue.events().configs()).containsEntry(TopicConfig.RETENTION_MS_CONFIG,
                Long.toString(30L * 24 * 3600 * 1000));
    }

    @Test
    void newTopicCarriesPartitionsReplicationAndConfigs() {
        var newTopic = catalogue.events().newTopic((short) 3);

        assertThat(newTopic.numPartitions()).isEqualTo(12);
        assertThat(newTopic.replicationFactor()).isEqualTo((short) 3);
        assertThat(newTopic.configs()).isEqualTo(catalogue.events().configs());
    }

    private static String cleanup(Topic<?, ?> topic) {
        return topic.configs().get(TopicConfig.CLEANUP_POLICY_CONFIG);
    }
}
