package dev.healthmon.uptime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReportWindowTest {

    @ParameterizedTest
    @CsvSource({"24h, PT24H", "7d, PT168H", "30d, PT720H", "1y, PT8760H", "90m, PT1H30M", " 48h , PT48H"})
    void parsesTheWindowsAnOperatorAsksFor(String text, Duration length) {
        assertThat(ReportWindow.parse(text).length()).isEqualTo(length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "24", "h", "0h", "-1d", "1.5d", "1w", "24H", "1y1d", "11y", "99999999d"})
    void rejectsAnythingElse(String text) {
        assertThatThrownBy(() -> ReportWindow.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsNullAndLengthsOutOfRange() {
        assertThatThrownBy(() -> ReportWindow.parse(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReportWindow(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReportWindow(ReportWindow.LONGEST.plusMillis(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWindowEndsAtTheGivenInstant() {
        Instant now = Instant.parse("2026-11-21T12:34:56Z");
        assertThat(ReportWindow.parse("7d").startBefore(now)).isEqualTo(Instant.parse("2026-11-14T12:34:56Z"));
    }
}
