package dev.healthmon.query.health;

import dev.healthmon.query.routing.MetadataService;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the read model can answer: Streams {@code RUNNING} and its metadata available, so that every read can
 * be answered here or routed to its owner. Until then the API answers 503, so a load balancer should not send
 * traffic.
 */
@Readiness
@ApplicationScoped
public class ReadModelReadiness implements HealthCheck {

    private final MetadataService metadata;

    public ReadModelReadiness(MetadataService metadata) {
        this.metadata = metadata;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("healthmon read model routable").status(metadata.routable())
                .withData("instance", metadata.self().host() + ":" + metadata.self().port()).build();
    }
}
