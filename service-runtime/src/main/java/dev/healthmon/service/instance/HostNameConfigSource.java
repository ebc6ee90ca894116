package dev.healthmon.service.instance;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Supplies {@code healthmon.host-name}: the host name (in a container or a pod, {@code HOSTNAME}), so that
 * configuration can derive stable instance names from it, e.g. {@code ${healthmon.host-name}-${quarkus.http.port}}.
 * Below every other source, so that the property can be set like any other.
 */
public final class HostNameConfigSource implements ConfigSource {

    public static final String PROPERTY = "healthmon.host-name";
    private static final int ORDINAL = 50;

    private final String hostName = hostName();

    @Override
    public Map<String, String> getProperties() {
        return Map.of(PROPERTY, hostName);
    }

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(PROPERTY);
    }

    @Override
    public String getValue(String propertyName) {
        return PROPERTY.equals(propertyName) ? hostName : null;
    }

    @Override
    public String getName() {
        return "healthmon host name";
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }

    private static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
