package dev.healthmon.query.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.healthmon.topic.TopicCatalogue;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/**
 * {@code quarkus.kafka-streams.topics}, the topics readiness waits for and Streams starts after, are the topics the
 * read model's topology reads and the one the service writes pushed results to, as the catalogue of the same
 * settings names them.
 */
class StreamsTopicsSettingTest {

    @Test
    void theTopicsStreamsWaitsForAreTheOnesTheServiceReadsAndWrites() throws Exception {
        SmallRyeConfig config = new SmallRyeConfigBuilder().addDefaultInterceptors().withSources(
                new PropertiesConfigSource(getClass().getResource("/application.properties"), 250)).build();
        TopicCatalogue catalogue = TopicCatalogue.fromSettings(key -> config.getOptionalValue(key, String.class));

        Set<String> inputs = new HashSet<>();
        TopologyDescription description = QueryTopology.build(catalogue).describe();
        description.subtopologies().forEach(subtopology -> subtopology.nodes().forEach(node -> {
            if (node instanceof TopologyDescription.Source source) {
                inputs.addAll(source.topicSet());
            }
        }));
        description.globalStores().forEach(store -> inputs.addAll(store.source().topicSet()));
        // Not read by the read model, but written: the results pushed over REST go there.
        inputs.add(catalogue.checkResults().name());

        assertThat(config.getValues("quarkus.kafka-streams.topics", String.class)).containsExactlyInAnyOrderElementsOf(
                inputs);
    }
}
