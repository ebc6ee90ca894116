package dev.healthmon.prober;

import dev.healthmon.prober.safety.AddressPolicy;
import dev.healthmon.service.stop.StopStep;
import dev.healthmon.topic.TopicCatalogue;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Runs this process's {@link ProberInstance} from the application's configuration; stops it on shutdown. Its Kafka
 * clients take the {@code kafka.*} settings (bootstrap servers, TLS, SASL) from quarkus-kafka-client's
 * {@code default-kafka-broker} map, the same settings its Kafka health check uses.
 */
@Singleton
public class ProberService implements StopStep {

    private static final Logger LOG = Logger.getLogger(ProberService.class);

    private final ProberInstance instance;

    ProberService(ProberConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafka,
            TopicCatalogue topics, MeterRegistry registry) {
        String instanceId = config.instanceId();
        ProberSettings settings = new ProberSettings(config.region(), instanceId, kafka,
                config.maxInFlight(), config.probeEventLoops().orElse(Runtime.getRuntime().availableProcessors()),
                config.bodyLimitBytes(),
                AddressPolicy.of(config.safety().allow().orElse(List.of()), config.safety().deny()),
                config.publish().bufferCapacity(), config.publish().maxUnacknowledged(),
                config.publish().deliveryTimeout(), config.publish().compression(), config.sessionTimeout(),
                config.nameServers().orElse(List.of()));
        this.instance = new ProberInstance(settings, topics, registry);
        LOG.infof("Prober %s in region %s", instanceId, config.region());
    }

    void start(@Observes StartupEvent event) {
        instance.start();
    }

    @Override
    public String name() {
        return "prober (target assignment, probes, result publishing)";
    }

    @Override
    public boolean stopWithin(Duration timeout) {
        instance.close();
        return true;
    }

    public ProberInstance instance() {
        return instance;
    }
}
