package dev.healthmon.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.GroupStatus;
import dev.healthmon.schemas.SampleRecords;
import dev.healthmon.schemas.TargetStatus;
import dev.healthmon.serde.InMemoryWriterSchemas;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class TopicCatalogueTest {

    private final TopicCatalogue catalogue = new TopicCatalogue("acme.", 12, (short) 3);

    @Test
    void declaresEveryTopicOfTheContractOnceUnderThePrefix() {
        Set<String> names = catalogue.all().stream().map(Topic::name).collect(Collectors.toSet());

        assertThat(catalogue.all()).hasSize(9);
        assertThat(names).containsExactlyInAnyOrder("acme.targets", "acme.check-results", "acme.status",
                "acme.events", "acme.uptime", "acme.groups", "acme.status.group-members", "acme.dlq",
                "acme.schemas");
    }

    @Test
    void everyTopicButTheSchemasHasTheSamePartitionCountSoTargetKeyedTopicsAreCoPartitioned() {
        assertThat(catalogue.all()).filteredOn(topic -> !topic.name().equals(catalogue.schemas().name()))
                .allSatisfy(topic -> assertThat(topic.partitions()).isEqualTo(12));
        assertThat(catalogue.schemas().partitions()).isEqualTo(1);
    }

    @Test
    void serdesPublishTheirSchemaToTheSharedWriterSchemasBeforeTheirFirstRecord() {
        InMemoryWriterSchemas shared = new InMemoryWriterSchemas();
        TopicCatalogue sharing = new TopicCatalogue("acme.", 12, (short) 3, shared);

        List.of(sharing.status(), sharing.dlq(), sharing.schemas()).forEach(Topic::publishValueSchema);
        sharing.checkResults().valueSerde().serializer().serialize("t", SampleRecords.checkResult());
        sharing.avroSerde(GroupStatus.class).serialize("t", SampleRecords.groupStatus());

        assertThat(shared.publications()).containsExactly(TargetStatus.getClassSchema(),
                CheckResult.getClassSchema(), GroupStatus.getClassSchema());
    }

    @Test
    void stateTopicsAreCompactedAndLogsExpire() {
        assertThat(cleanup(catalogue.targets())).isEqualTo("compact");
        assertThat(cleanup(catalogue.status())).isEqualTo("compact");
        assertThat(cleanup(catalogue.groups())).isEqualTo("compact");
        assertThat(cleanup(catalogue.groupMembers())).isEqualTo("compact");
        assertThat(cleanup(catalogue.schemas())).isEqualTo("compact");
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

    @Test
    void isReadFromSettingsWithDefaultsForWhatIsAbsent() {
        var settings = Map.of(TopicCatalogue.PREFIX_SETTING, "acme.", TopicCatalogue.PARTITIONS_SETTING, "3");

        var configured = TopicCatalogue.fromSettings(key -> Optional.ofNullable(settings.get(key)));

        assertThat(configured.targets().name()).isEqualTo("acme.targets");
        assertThat(configured.checkResults().partitions()).isEqualTo(3);
        assertThat(configured.events().partitions()).isEqualTo(3);
        assertThat(TopicCatalogue.fromSettings(key -> Optional.empty()).status().name())
                .isEqualTo("healthmon.status");
    }

    @Test
    void aSettingThatIsNotANumberIsNamed() {
        assertThatThrownBy(() -> TopicCatalogue.fromSettings(
                key -> key.equals(TopicCatalogue.PARTITIONS_SETTING) ? Optional.of("many") : Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("healthmon.topics.partitions must be a whole number, not 'many'");
    }

    private static String cleanup(Topic<?, ?> topic) {
        return topic.configs().get(TopicConfig.CLEANUP_POLICY_CONFIG);
    }
}
