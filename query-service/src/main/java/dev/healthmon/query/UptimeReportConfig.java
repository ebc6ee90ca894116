package dev.healthmon.query;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** What uptime reports may read, under {@code healthmon.uptime}; each default is declared here and nowhere else. */
@ConfigMapping(prefix = "healthmon.uptime")
public interface UptimeReportConfig {

    /** How long minute buckets are kept; report edges older than that are read from hour buckets. */
    @WithDefault("48h")
    Duration minuteRetention();
}
