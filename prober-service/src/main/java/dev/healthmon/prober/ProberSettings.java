package dev.healthmon.prober;

import dev.healthmon.prober.safety.AddressPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything one prober instance is configured with.
 *
 * @param region             the region this instance probes from; its consumer group is {@code healthmon-prober-<region>}
 * @param instanceId         this instance, as published in results ({@code proberId})
 * @param kafka              Kafka client settings shared by the consumer and the producer (bootstrap servers, security)
 * @param maxInFlight        probes running at once, at most
 * @param probeEventLoops    event loops the probes are spread over
 * @param bodyLimitBytes     how much of an HTTP body or TCP reply is read, at most
 * @param addressPolicy      which resolved addresses may be probed
 * @param bufferCapacity     results kept while the broker is unreachable, newest first
 * @param maxUnacknowledged  results handed to the producer and not yet acknowledged, at most
 * @param deliveryTimeout    how long the producer tries a result before it goes back to the buffer
 * @param compression        the producer's compression codec
 * @param sessionTimeout     how long the group waits for a silent instance before giving its targets to others
 * @param nameServers        the name servers the checks resolve with ({@code host} or {@code host:port}); the
 *                           system's when empty
 */
public record ProberSettings(String region, String instanceId, Map<String, Object> kafka, int maxInFlight,
        int probeEventLoops,
        int bodyLimitBytes, AddressPolicy addressPolicy, int bufferCapacity, int maxUnacknowledged,
        Duration deliveryTimeout, String compression, Duration sessionTimeout, List<String> nameServers) {

    public ProberSettings {
        kafka = Map.copyOf(kafka);
        nameServers = List.copyOf(nameServers);
        if (!region.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("A region is made of letters, digits, '.', '_' and '-': " + region);
        }
    }
}
