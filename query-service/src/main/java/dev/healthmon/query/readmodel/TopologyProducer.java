package dev.healthmon.query.readmodel;

import dev.healthmon.topic.TopicCatalogue;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.Topology;

/** Hands the topology to quarkus-kafka-streams, which runs and health-checks it. */
public class TopologyProducer {

    @Produces
    @Singleton
    Topology topology(TopicCatalogue topics) {
        return QueryTopology.build(topics);
    }
}
