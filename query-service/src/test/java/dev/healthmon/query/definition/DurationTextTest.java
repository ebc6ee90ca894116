package dev.healthmon.query.definition;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DurationTextTest {

    @Test
    void parsesEveryUnit() {
        assertThat(DurationText.parseMillis("500ms")).contains(500L);
        assertThat(DurationText.parseMillis("10s")).contains(10_000L);
        assertThat(DurationText.parseMillis("5m")).contains(300_000L);
        assertThat(DurationText.parseMillis("1h")).contains(3_600_000L);
        assertThat(DurationText.parseMillis("2d")).contains(172_800_000L);
        assertThat(DurationText.parseMillis(" 0s ")).contains(0L);
    }

    @Test
    void refusesWhatIsNotADuration() {
        assertThat(DurationText.parseMillis("10")).isEmpty();
        assertThat(DurationText.parseMillis("1.5s")).isEmpty();
        assertThat(DurationText.parseMillis("-1s")).isEmpty();
        assertThat(DurationText.parseMillis("10 seconds")).isEmpty();
        assertThat(DurationText.parseMillis("PT10S")).isEmpty();
        assertThat(DurationText.parseMillis(null)).isEmpty();
    }

    @Test
    void formatsWithTheLargestExactUnit() {
        assertThat(DurationText.format(0)).isEqualTo("0s");
        assertThat(DurationText.format(1500)).isEqualTo("1500ms");
        assertThat(DurationText.format(90_000)).isEqualTo("90s");
        assertThat(DurationText.format(60_000)).isEqualTo("1m");
        assertThat(DurationText.format(7_200_000)).isEqualTo("2h");
        assertThat(DurationText.format(86_400_000)).isEqualTo("1d");
    }
}
