package dev.healthmon.kafka.local;

import static dev.healthmon.kafka.local.Clients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.healthmon.topic.MisconfiguredTopicsException;
import dev.healthmon.topic.Topic;
import dev.healthmon.topic.TopicCatalogue;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaExtension.class)
class EnsureTopicsTest {

    @Test
    void createsEveryCatalogueTopicOnceWithItsPartitionsAndConfigs(@BootstrapServers String bootstrapServers)
            throws Exception {
        TopicCatalogue catalogue = new TopicCatalogue(Clients.unique("ensure-") + ".", 3, (short) 1);
        List<String> names = catalogue.all().stream().map(Topic::name).toList();

        try (Admin admin = Clients.admin(bootstrapServers)) {
            assertThat(catalogue.ensureTopics(admin)).containsExactlyInAnyOrderElementsOf(names);

            Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames()
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            Map<ConfigResource, Config> configs = admin.describeConfigs(names.stream()
                    .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList()).all()
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            for (Topic<?, ?> topic : catalogue.all()) {
                assertThat(descriptions.get(topic.name()).partitions()).as(topic.name())
                        .hasSize(topic.name().equals(catalogue.schemas().name()) ? 1 : 3);
                Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()));
                assertThat(topic.configs()).as(topic.name()).containsKey(TopicConfig.CLEANUP_POLICY_CONFIG);
                topic.configs().forEach((key, value) ->
                        assertThat(config.get(key).value()).as(topic.name() + " " + key).isEqualTo(value));
            }

            assertThat(catalogue.ensureTopics(admin)).isEmpty();
        }
    }

    @Test
    void refusesResultsPartitionedOtherwiseThanConfigured(@BootstrapServers String bootstrapServers) throws Exception {
        String prefix = Clients.unique("ensure-") + ".";
        try (Admin admin = Clients.admin(bootstrapServers)) {
            new TopicCatalogue(prefix, 4, (short) 1).ensureTopics(admin);

            assertThatThrownBy(() -> new TopicCatalogue(prefix, 3, (short) 1).ensureTopics(admin))
                    .isInstanceOf(MisconfiguredTopicsException.class)
                    .hasMessageContaining("healthmon.topics.partitions=3")
                    .hasMessageContaining(prefix + "check-results=4");
        }
    }
}
