package dev.healthmon.query.readmodel;

import dev.healthmon.service.stop.KafkaStreamsStop;
import dev.healthmon.service.stop.StopStep;
import dev.healthmon.topic.TopicCatalogue;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;

/** Hands the topology to quarkus-kafka-streams, which runs and health-checks it; and says how to stop it in time. */
public class QueryTopologyProducer {

    @Produces
    @Singleton
    StopStep streamsStop(KafkaStreams streams) {
        return new KafkaStreamsStop(streams);
    }

    @Produces
    @Singleton
    Topology topology(TopicCatalogue topics) {
        return QueryTopology.build(topics);
    }
}
