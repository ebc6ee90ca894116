package dev.healthmon.prober.health;

import dev.healthmon.prober.ProberService;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Live while the scheduler's event loop keeps ticking; a blocked or stopped scheduler probes nothing. */
@Liveness
@ApplicationScoped
public class SchedulerLiveness implements HealthCheck {

    private final ProberService prober;

    SchedulerLiveness(ProberService prober) {
        this.prober = prober;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("scheduler").status(prober.instance().isAlive()).build();
    }
}
