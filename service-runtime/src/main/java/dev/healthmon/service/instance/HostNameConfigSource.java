package dev.healthmon.service.instance;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

/**
 * Supplies {@code healthmon.host-name}, from which every service derives its default instance id
 * ({@code ${healthmon.host-name}-${quarkus.http.port}}): {@code HOSTNAME} when set (containers, pods), else the
 * system's host name. Where neither names this host (unset, or a loopback name such as {@code localhost} that every
 * host has), a random name, {@code host-<12 hex digits>}: unique, so two hosts never share an instance id (which would
 * fence one of them out of its Streams group and merge their probers' results), but new with every start, so static
 * membership cannot survive a restart (a warning says so). Below every other source, so that the property can be set
 * like any other.
 */
public final class HostNameConfigSource implements ConfigSource {

    public static final String PROPERTY = "healthmon.host-name";
    private static final int ORDINAL = 50;
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "localhost.localdomain", "localhost6",
            "localhost6.localdomain6", "ip6-localhost", "ip6-loopback");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger LOG = Logger.getLogger(HostNameConfigSource.class);

    private final String hostName = hostName(System.getenv("HOSTNAME"), systemHostName());

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

    /** The host's name from the environment, else from the system, else a random one. */
    static String hostName(String fromEnvironment, Optional<String> fromSystem) {
        if (namesThisHost(fromEnvironment)) {
            return fromEnvironment.strip();
        }
        if (fromSystem.filter(HostNameConfigSource::namesThisHost).isPresent()) {
            return fromSystem.get().strip();
        }
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        String random = "host-" + HexFormat.of().formatHex(bytes);
        LOG.warnf("This host has no name of its own (HOSTNAME unset, the system's is %s): %s=%s, new with every start."
                + " Instance ids derived from it change on restart, so a restarted instance waits out its former"
                + " self's session timeout; set healthmon.host-name or the instance ids for a stable identity.",
                fromSystem.orElse("unknown"), PROPERTY, random);
        return random;
    }

    private static boolean namesThisHost(String name) {
        return name != null && !name.isBlank() && !LOOPBACK_NAMES.contains(name.strip().toLowerCase(Locale.ROOT));
    }

    private static Optional<String> systemHostName() {
        try {
            return Optional.of(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
