package dev.healthmon.analyzer.topology;

import dev.healthmon.analyzer.AnalyzerConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;

/** The analyzer's settings as a service without configuration has them: the defaults {@link AnalyzerConfig} declares. */
public final class TestAnalyzerSettings {

    private TestAnalyzerSettings() {
    }

    public static AnalyzerConfig defaults() {
        return new SmallRyeConfigBuilder().withMapping(AnalyzerConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                // application.properties derives it from the host; a topology run by a test needs none.
                .withDefaultValue("healthmon.analyzer.instance-id", "test")
                .build().getConfigMapping(AnalyzerConfig.class);
    }

    /** The defaults with the wall clock checked every {@code punctuationInterval}. */
    public static AnalyzerTopology.Settings withPunctuation(Duration punctuationInterval) {
        AnalyzerConfig defaults = defaults();
        return new AnalyzerTopology.Settings(punctuationInterval, defaults.uptimeWindows(),
                defaults.lateResultWindow());
    }
}
