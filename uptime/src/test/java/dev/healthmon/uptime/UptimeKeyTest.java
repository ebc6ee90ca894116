package dev.healthmon.uptime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.healthmon.schemas.Granularity;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class UptimeKeyTest {

    private static final Instant T = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void formatsAndParsesBack() {
        UptimeKey key = new UptimeKey("checkout-api", BucketSpan.containing(Granularity.MINUTE, T));

        assertThat(key.toString()).isEqualTo("checkout-api/MINUTE/" + String.format("%013d", T.toEpochMilli()));
        assertThat(UptimeKey.parse(key.toString())).isEqualTo(key);
        assertThat(UptimeKey.targetIdOf(key.toString())).isEqualTo("checkout-api");
    }

    @Test
    void aRangeHoldsOneTargetAndGranularityInTimeOrder() {
        // "a" is a prefix of "a.b" and "a-b": the range of "a" must hold none of theirs.
        TreeSet<String> keys = new TreeSet<>();
        for (String target : List.of("a", "a.b", "a-b", "b")) {
            for (Granularity granularity : Granularity.values()) {
                for (int hour = 0; hour < 3; hour++) {
                    keys.add(new UptimeKey(target, BucketSpan.containing(granularity, T.plusSeconds(3600L * hour)))
                            .toString());
                }
            }
        }

        var range = keys.subSet(UptimeKey.rangeStart("a", Granularity.HOUR, T), true,
                UptimeKey.rangeEnd("a", Granularity.HOUR, T.plusSeconds(7200)), true);

        assertThat(range.stream().map(UptimeKey::parse).toList()).containsExactly(
                new UptimeKey("a", BucketSpan.containing(Granularity.HOUR, T)),
                new UptimeKey("a", BucketSpan.containing(Granularity.HOUR, T.plusSeconds(3600))));
    }

    @Test
    void rejectsWhatIsNotAnUptimeKey() {
        assertThatThrownBy(() -> UptimeKey.parse("checkout-api/DAY/0000000000000"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("checkout-api/DAY");
        assertThatThrownBy(() -> UptimeKey.parse("checkout-api/MINUTE/12"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
