package dev.healthmon.analyzer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThrottledLogTest {

    private final AtomicLong nanos = new AtomicLong(1_000);
    private final List<String> lines = new ArrayList<>();
    private final ThrottledLog log = new ThrottledLog("Results for undefined targets, dropped", Duration.ofMinutes(1),
            nanos::get, lines::add);

    @Test
    void theFirstOccurrenceIsLoggedAtOnceThenAtMostOneLinePerIntervalWithTheCountSince() {
        log.occurred("ghost-1");
        for (int i = 2; i <= 1_000; i++) {
            nanos.addAndGet(Duration.ofMillis(10).toNanos());
            log.occurred("ghost-" + i);
        }
        nanos.addAndGet(Duration.ofSeconds(51).toNanos());
        log.occurred("ghost-1001");

        assertThat(lines).containsExactly("Results for undefined targets, dropped: 1; the latest: ghost-1",
                "Results for undefined targets, dropped: 1000 in the last 60 s; the latest: ghost-1001");
    }

    @Test
    void nothingIsLoggedWithoutAnOccurrence() {
        nanos.addAndGet(Duration.ofHours(1).toNanos());
        assertThat(lines).isEmpty();
    }
}
