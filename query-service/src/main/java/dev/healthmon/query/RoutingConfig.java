package dev.healthmon.query;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How requests about another instance's targets are forwarded, under {@code healthmon.routing}; each default is
 * declared here and nowhere else.
 */
@ConfigMapping(prefix = "healthmon.routing")
public interface RoutingConfig {

    /**
     * This instance's host as the other instances reach it. Read through {@code kafka-streams.application.server}
     * (this host and {@code quarkus.http.port}, in {@code application.properties}), which Streams advertises.
     */
    String advertisedHost();

    /** How long a forward may wait for a connection, then for the owner's answer, before the owner is unreachable. */
    @WithDefault("2s")
    Duration forwardTimeout();

    /** Keep-alive connections kept to each other instance: forwards in flight to it at once; more wait. */
    @WithDefault("32")
    int forwardConnections();
}
