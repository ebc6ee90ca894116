package dev.healthmon.uptime;

import static dev.healthmon.schemas.Granularity.HOUR;
import static dev.healthmon.schemas.Granularity.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BucketSpanTest {

    private static final Instant T = Instant.parse("2026-11-21T10:17:00Z");

    @Test
    void aResultExactlyAtABoundaryBelongsToTheBucketThatStartsThere() {
        assertThat(BucketSpan.containing(MINUTE, T)).isEqualTo(new BucketSpan(MINUTE, T));
        assertThat(BucketSpan.containing(HOUR, Instant.parse("2026-11-21T11:00:00Z")).start())
                .isEqualTo(Instant.parse("2026-11-21T11:00:00Z"));
    }

    @Test
    void theLastMillisecondOfABucketBelongsToIt() {
        Instant lastMinuteMs = Instant.parse("2026-11-21T10:17:59.999Z");
        assertThat(BucketSpan.containing(MINUTE, lastMinuteMs).start()).isEqualTo(T);
        Instant lastHourMs = Instant.parse("2026-11-21T10:59:59.999Z");
        assertThat(BucketSpan.containing(HOUR, lastHourMs).start()).isEqualTo(Instant.parse("2026-11-21T10:00:00Z"));
    }

    @Test
    void aBucketHoldsItsStartButNotItsEnd() {
        BucketSpan minute = new BucketSpan(MINUTE, T);
        assertThat(minute.end()).isEqualTo(Instant.parse("2026-11-21T10:18:00Z"));
        assertThat(minute.contains(T)).isTrue();
        assertThat(minute.contains(minute.end().minusMillis(1))).isTrue();
        assertThat(minute.contains(minute.end())).isFalse();
        assertThat(minute.contains(T.minusMillis(1))).isFalse();
        assertThat(minute.next()).isEqualTo(new BucketSpan(MINUTE, minute.end()));
    }

    @Test
    void bucketsAreAlignedOnTheEpochAndWorkBeforeIt() {
        assertThat(BucketSpan.width(MINUTE)).isEqualTo(Duration.ofMinutes(1));
        assertThat(BucketSpan.width(HOUR)).isEqualTo(Duration.ofHours(1));
        assertThat(BucketSpan.containing(HOUR, Instant.ofEpochMilli(-1)).start())
                .isEqualTo(Instant.parse("1969-12-31T23:00:00Z"));
        assertThat(BucketSpan.containing(MINUTE, Instant.EPOCH).start()).isEqualTo(Instant.EPOCH);
    }

    @Test
    void subMillisecondInstantsFallInTheBucketOfTheirMillisecond() {
        Instant justBeforeBoundary = Instant.parse("2026-11-21T10:17:59.999999Z");
        assertThat(BucketSpan.containing(MINUTE, justBeforeBoundary).start()).isEqualTo(T);
    }

    @Test
    void aStartThatIsNotABoundaryIsRejected() {
        assertThatThrownBy(() -> new BucketSpan(HOUR, T)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BucketSpan(MINUTE, T.plusMillis(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BucketSpan(MINUTE, T.plusNanos(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void coveringListsEveryBucketTheIntervalTouches() {
        assertThat(BucketSpan.covering(MINUTE, T.minusMillis(1), T.plusSeconds(60)))
                .extracting(BucketSpan::start)
                .containsExactly(T.minusSeconds(60), T);
        assertThat(BucketSpan.covering(MINUTE, T, T.plusSeconds(60))).containsExactly(new BucketSpan(MINUTE, T));
        assertThat(BucketSpan.covering(HOUR, T, T)).isEmpty();
        assertThatThrownBy(() -> BucketSpan.covering(HOUR, T, T.minusMillis(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void overlapIsTheShareOfTheIntervalInsideTheBucket() {
        BucketSpan minute = new BucketSpan(MINUTE, T);
        assertThat(minute.overlapMillis(T.minusSeconds(5), T.plusSeconds(5))).isEqualTo(5_000);
        assertThat(minute.overlapMillis(T.minusSeconds(5), T.plusSeconds(120))).isEqualTo(60_000);
        assertThat(minute.overlapMillis(T.plusSeconds(60), T.plusSeconds(70))).isZero();
        assertThat(minute.overlapMillis(T.minusSeconds(10), T)).isZero();
    }

    @Test
    void floorAndCeilRoundToBoundaries() {
        assertThat(BucketSpan.floor(HOUR, T)).isEqualTo(Instant.parse("2026-11-21T10:00:00Z"));
        assertThat(BucketSpan.ceil(HOUR, T)).isEqualTo(Instant.parse("2026-11-21T11:00:00Z"));
        assertThat(BucketSpan.ceil(MINUTE, T)).isEqualTo(T);
        assertThat(BucketSpan.ceil(MINUTE, T.plusNanos(1))).isEqualTo(T.plusSeconds(60));
    }
}
