package dev.healthmon.query;

import io.quarkus.runtime.annotations.StaticInitSafe;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The REST API's settings, under {@code healthmon.api}; each default is declared here and nowhere else. Safe at
 * static init: Quarkus REST makes the token filter then.
 */
@StaticInitSafe
@ConfigMapping(prefix = "healthmon.api")
public interface ApiConfig {

    /**
     * Bearer tokens the API accepts. None: the API is open. Some: writes need one of them, and so do reads when
     * {@link #readRequiresToken()}.
     */
    Optional<List<String>> tokens();

    @WithDefault("false")
    boolean readRequiresToken();

    /** How long a write may wait for Kafka's acknowledgement before the API answers 503. */
    @WithDefault("30s")
    Duration writeTimeout();
}
