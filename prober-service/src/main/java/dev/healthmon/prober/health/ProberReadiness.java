package dev.healthmon.prober.health;

import dev.healthmon.prober.ProberService;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when results reach the broker, the consumer group has assigned this instance its share, and no run went
 * unchecked lately for a reason of the prober's own ({@code ownFailure} names it).
 */
@Readiness
@ApplicationScoped
public class ProberReadiness implements HealthCheck {

    private final ProberService prober;

    ProberReadiness(ProberService prober) {
        this.prober = prober;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("prober")
                .status(prober.instance().isReady())
                .withData("producerDelivering", prober.instance().isDelivering())
                .withData("assignmentReceived", prober.instance().isAssignmentReceived())
                .withData("scheduledTargets", prober.instance().scheduledTargets())
                .withData("ownFailure", prober.instance().ownFailure().map(Enum::name).orElse("none"))
                .build();
    }
}
