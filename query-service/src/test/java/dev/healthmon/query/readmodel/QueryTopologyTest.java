package dev.healthmon.query.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.healthmon.schemas.HealthEvent;
import dev.healthmon.schemas.HealthEventType;
import dev.healthmon.topic.TopicCatalogue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

class QueryTopologyTest {

    private static final TopicCatalogue TOPICS = TopicCatalogue.fromSettings(setting -> Optional.empty());
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void everyStoreIsInOneSubTopologySoOnePartitionOfEachLandsOnOneInstance() {
        TopologyDescription description = QueryTopology.build(TOPICS).describe();

        assertThat(description.subtopologies()).hasSize(1);
        assertThat(description.globalStores()).isEmpty();
        List<String> stores = new ArrayList<>();
        description.subtopologies().iterator().next().nodes().stream()
                .filter(node -> node instanceof TopologyDescription.Processor)
                .forEach(node -> stores.addAll(((TopologyDescription.Processor) node).stores()));
        assertThat(stores).contains(QueryTopology.STATUS_STORE, QueryTopology.TARGETS_STORE,
                QueryTopology.EVENTS_STORE, QueryTopology.UPTIME_STORE, QueryTopology.GROUPS_STORE);
    }

    private static HealthEvent event(String subject, Instant at, String id) {
        return HealthEvent.newBuilder().setEventId(id).setType(HealthEventType.TARGET_DOWN).setSubject(subject)
                .setPeriodId(id).setOccurredAt(at).build();
    }

    private static List<String> keys(KeyValueStore<String, HealthEvent> store) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, HealthEvent> all = store.all()) {
            all.forEachRemaining(entry -> keys.add(entry.key));
        }
        return keys;
    }

    @Test
    void eventsAreKeptBySubjectInTimeOrderAndDroppedAfterTheTopicsRetention() {
        Topology topology = QueryTopology.build(TOPICS);
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "query-topology-test");
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, config, T0)) {
            TestInputTopic<String, HealthEvent> events = driver.createInputTopic(TOPICS.events().name(),
                    TOPICS.events().keySerde().serializer(), TOPICS.events().valueSerde().serializer());
            events.pipeInput("api", event("api", T0.plusSeconds(60), "b"));
            events.pipeInput("api", event("api", T0, "a"));
            events.pipeInput("db", event("db", T0, "c"));
            events.pipeInput("api", event("api", T0.plus(Duration.ofDays(20)), "d"));
            KeyValueStore<String, HealthEvent> store = driver.getKeyValueStore(QueryTopology.EVENTS_STORE);

            assertThat(keys(store)).containsExactly("api/1772359200000/a", "api/1772359260000/b",
                    "api/1774087200000/d", "db/1772359200000/c");

            // 31 days on: the events of the first day are past the topic's 30-day retention.
            driver.advanceWallClockTime(Duration.ofDays(31));
            assertThat(keys(store)).containsExactly("api/1774087200000/d");
        }
    }
}
