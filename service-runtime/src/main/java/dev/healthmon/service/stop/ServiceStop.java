package dev.healthmon.service.stop;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Bounds the stop of a Quarkus service ({@code healthmon.stop.timeout}, default 20 s, below the 30 s a Kubernetes
 * pod gets between SIGTERM and SIGKILL): the clock starts with the JVM's shutdown (SIGTERM) or with Quarkus'
 * shutdown, whichever comes first; every {@link StopStep} bean is stopped at once before any other shutdown
 * observer; and a process that is still stopping when the bound has passed is halted with exit status
 * {@value BoundedStop#HALT_STATUS}. Only a service running as its own process halts: in tests and dev mode the JVM is
 * not the service's.
 */
@Singleton
public class ServiceStop {

    private static final Logger LOG = Logger.getLogger(ServiceStop.class);

    private final BoundedStop stop;
    private final Instance<StopStep> steps;
    private final boolean ownsTheJvm = LaunchMode.current() == LaunchMode.NORMAL;

    ServiceStop(@ConfigProperty(name = "healthmon.stop.timeout", defaultValue = "20s") Duration timeout,
            @Any Instance<StopStep> steps) {
        this.stop = new BoundedStop(timeout, ownsTheJvm ? Runtime.getRuntime()::halt
                : status -> LOG.warnf("Not halting with exit status %d: the JVM is not this service's", status));
        this.steps = steps;
    }

    void armOnSignal(@Observes StartupEvent event) {
        if (ownsTheJvm) {
            // Shutdown hooks start together, so this one sees the signal as early as Quarkus' own does.
            Runtime.getRuntime().addShutdownHook(new Thread(stop::begin, "healthmon-stop-clock"));
        }
    }

    void stopSteps(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        stop.stop(steps.stream().toList());
    }
}
