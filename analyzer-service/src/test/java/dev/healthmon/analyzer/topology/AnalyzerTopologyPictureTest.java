package dev.healthmon.analyzer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.healthmon.topic.TopicCatalogue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/**
 * The one picture of the topology, in the module's README, names every node, store and topic that
 * {@link AnalyzerTopology#build} makes (Kafka Streams' own description of it), so the picture cannot fall behind.
 */
class AnalyzerTopologyPictureTest {

    @Test
    void theReadmePictureNamesEveryNodeStoreAndTopic() throws Exception {
        TopicCatalogue topics = TopicCatalogue.fromSettings(setting -> Optional.empty());
        TopologyDescription description = AnalyzerTopology.build(topics,
                TestAnalyzerSettings.withPunctuation(Duration.ofSeconds(1)), new AnalyzerMetrics(new SimpleMeterRegistry()),
                partition -> Optional.empty()).describe();
        TreeSet<String> names = new TreeSet<>();
        Set<String> nodes = new HashSet<>();
        for (TopologyDescription.Subtopology subtopology : description.subtopologies()) {
            for (TopologyDescription.Node node : subtopology.nodes()) {
                names.add(node.name());
                nodes.add(node.name());
                if (node instanceof TopologyDescription.Processor processor) {
                    names.addAll(processor.stores());
                } else if (node instanceof TopologyDescription.Source source) {
                    source.topicSet().forEach(topic -> names.add(unprefixed(topic)));
                } else if (node instanceof TopologyDescription.Sink sink && sink.topic() != null) {
                    names.add(unprefixed(sink.topic()));
                }
            }
        }
        for (TopologyDescription.GlobalStore store : description.globalStores()) {
            names.add(store.source().name());
            names.add(store.processor().name());
            names.addAll(store.processor().stores());
            store.source().topicSet().forEach(topic -> names.add(unprefixed(topic)));
        }
        String readme = Files.readString(Path.of("README.md"));
        String picture = readme.substring(readme.indexOf("\ntargets ─"), readme.indexOf("```", readme.indexOf(
                "\ntargets ─")));

        // The DSL derives the names of a repartition's topic and nodes from its own (the picture names the
        // repartition), and of an aggregation's sink and source and a table's source from the node's.
        assertThat(names.stream().filter(name -> !derived(name, nodes)))
                .hasSizeGreaterThan(30)
                .allSatisfy(name -> assertThat(picture).as("the README's topology picture").contains(name));
    }

    private static boolean derived(String name, Set<String> nodes) {
        return name.matches(".*-repartition(-filter|-sink|-source)?") || Stream.of("-sink", "-source").anyMatch(
                suffix -> name.endsWith(suffix) && nodes.contains(name.substring(0, name.length() - suffix.length())));
    }

    private static String unprefixed(String topic) {
        return topic.startsWith(TopicCatalogue.DEFAULT_PREFIX) ? topic.substring(TopicCatalogue.DEFAULT_PREFIX.length())
                : topic;
    }
}
