package dev.healthmon.prober.it;

import dev.healthmon.prober.ProberInstance;
import dev.healthmon.prober.ProberSettings;
import dev.healthmon.prober.safety.TestAddressPolicies;
import dev.healthmon.topic.TopicCatalogue;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/** Prober instances as the integration tests run them: quick to fail over, small buffers. */
public final class TestProbers {

    /** The smallest session timeout a broker accepts by default. */
    public static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);

    private TestProbers() {
    }

    public static ProberSettings settings(String bootstrapServers, String region, String instanceId,
            int bufferCapacity, Duration deliveryTimeout) {
        return new ProberSettings(region, instanceId,
                Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        // Reconnect quickly once a stopped broker is back.
                        CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000),
                100, 2, 16 * 1024, TestAddressPolicies.defaults(), bufferCapacity, 1_000, deliveryTimeout, "lz4",
                SESSION_TIMEOUT, List.of());
    }

    public static ProberInstance start(ProberSettings settings, String topicPrefix, MeterRegistry registry) {
        ProberInstance prober = new ProberInstance(settings, new TopicCatalogue(topicPrefix, 6, (short) 1), registry);
        prober.start();
        return prober;
    }
}
