package dev.healthmon.query.routing;

import dev.healthmon.query.RoutingConfig;
import io.vertx.core.Vertx;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The routing parts, built from the Streams application and this instance's advertised address. */
public class RoutingBeans {

    @Produces
    @Singleton
    MetadataService metadataService(KafkaStreams streams,
            @ConfigProperty(name = "kafka-streams.application.server") String applicationServer) {
        // The address Streams advertises for this instance is the one other instances route to, so it is also how
        // this instance recognises the keys it owns.
        return new MetadataService(streams, HostInfo.buildFromEndpoint(applicationServer));
    }

    @Produces
    @Singleton
    Router router(MetadataService metadata, Vertx vertx, RoutingConfig config) {
        return new Router(metadata, new Forwarder(vertx, config.forwardTimeout(), config.forwardConnections()));
    }
}
