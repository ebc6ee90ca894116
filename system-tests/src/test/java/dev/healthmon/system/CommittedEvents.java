package dev.healthmon.system;

import dev.healthmon.schemas.HealthEvent;
import dev.healthmon.topic.TopicCatalogue;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** The events topic read as an alerting consumer reads it: {@code read_committed}, from the start, in a group of its own. */
public final class CommittedEvents {

    private CommittedEvents() {
    }

    /** A consumer subscribed to the catalogue's events topic; the caller polls and closes it. */
    public static KafkaConsumer<String, HealthEvent> subscribe(String bootstrapServers, TopicCatalogue topics) {
        var events = topics.events();
        KafkaConsumer<String, HealthEvent> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-alerting-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                events.keySerde().deserializer(), events.valueSerde().deserializer());
        consumer.subscribe(List.of(events.name()));
        return consumer;
    }
}
