package dev.healthmon.uptime;

import static dev.healthmon.schemas.Granularity.HOUR;
import static dev.healthmon.schemas.Granularity.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.healthmon.schemas.Granularity;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BucketPlanTest {

    private static final Instant LONG_AGO = Instant.EPOCH;
    private static final Instant NEVER = Instant.MAX;

    @Test
    void wholeHoursUseHourBucketsAndTheEdgesMinuteBuckets() {
        BucketPlan plan = BucketPlan.forRange(at("08:58:00"), at("11:02:00"), LONG_AGO);

        assertThat(plan.spans()).containsExactly(
                span(MINUTE, "08:58:00"), span(MINUTE, "08:59:00"),
                span(HOUR, "09:00:00"), span(HOUR, "10:00:00"),
                span(MINUTE, "11:00:00"), span(MINUTE, "11:01:00"));
        assertThat(plan.from()).isEqualTo(at("08:58:00"));
        assertThat(plan.to()).isEqualTo(at("11:02:00"));
    }

    @Test
    void theRangeIsWidenedToWholeMinutes() {
        BucketPlan plan = BucketPlan.forRange(at("09:59:30.250"), at("10:00:00.001"), LONG_AGO);

        assertThat(plan.spans()).containsExactly(span(MINUTE, "09:59:00"), span(MINUTE, "10:00:00"));
        assertThat(plan.from()).isEqualTo(at("09:59:00"));
        assertThat(plan.to()).isEqualTo(at("10:01:00"));
    }

    @Test
    void aRangeOnHourBoundariesNeedsNoMinuteBuckets() {
        BucketPlan plan = BucketPlan.forRange(at("09:00:00"), at("11:00:00"), LONG_AGO);

        assertThat(plan.spans()).containsExactly(span(HOUR, "09:00:00"), span(HOUR, "10:00:00"));
    }

    @Test
    void aRangeWithinOneHourUsesMinuteBucketsOnly() {
        assertThat(BucketPlan.forRange(at("10:20:00"), at("10:23:00"), LONG_AGO).spans())
                .extracting(BucketSpan::granularity)
                .containsExactly(MINUTE, MINUTE, MINUTE);
        assertThat(BucketPlan.forRange(at("10:00:00"), at("10:02:00"), LONG_AGO).spans())
                .containsExactly(span(MINUTE, "10:00:00"), span(MINUTE, "10:01:00"));
    }

    @Test
    void twoEdgesAroundAnHourBoundaryWithNoWholeHourBetween() {
        BucketPlan plan = BucketPlan.forRange(at("09:58:00"), at("10:01:00"), LONG_AGO);

        assertThat(plan.spans()).containsExactly(
                span(MINUTE, "09:58:00"), span(MINUTE, "09:59:00"), span(MINUTE, "10:00:00"));
    }

    @Test
    void anEdgeOlderThanTheMinuteRetentionFallsBackToItsHour() {
        BucketPlan plan = BucketPlan.forRange(at("08:58:00"), at("11:02:00"), at("10:30:00"));

        assertThat(plan.spans()).containsExactly(
                span(HOUR, "08:00:00"), span(HOUR, "09:00:00"), span(HOUR, "10:00:00"),
                span(MINUTE, "11:00:00"), span(MINUTE, "11:01:00"));
        assertThat(plan.from()).isEqualTo(at("08:00:00"));
        assertThat(plan.to()).isEqualTo(at("11:02:00"));
    }

    @Test
    void withoutMinuteBucketsEveryEdgeIsAWholeHour() {
        BucketPlan plan = BucketPlan.forRange(at("09:58:00"), at("10:01:00"), NEVER);

        assertThat(plan.spans()).containsExactly(span(HOUR, "09:00:00"), span(HOUR, "10:00:00"));
        assertThat(plan.from()).isEqualTo(at("09:00:00"));
        assertThat(plan.to()).isEqualTo(at("11:00:00"));
        assertThat(BucketPlan.forRange(at("10:20:00"), at("10:21:00"), NEVER).spans())
                .containsExactly(span(HOUR, "10:00:00"));
    }

    @Test
    void thirtyDaysReadAboutSevenHundredTwentyBuckets() {
        Instant now = Instant.parse("2026-11-21T12:34:56.789Z");
        BucketPlan plan = BucketPlan.forRange(ReportWindow.parse("30d").startBefore(now), now, now.minusSeconds(48 * 3600));

        // The leading edge is older than 48 h of minute buckets, so its hour stands in for it.
        assertThat(plan.spans()).hasSize(1 + 719 + 35);
        assertThat(plan.from()).isEqualTo(Instant.parse("2026-10-22T12:00:00Z"));
        assertThat(plan.to()).isEqualTo(Instant.parse("2026-11-21T12:35:00Z"));
    }

    @Test
    void anEmptyRangeIsRejected() {
        assertThatThrownBy(() -> BucketPlan.forRange(at("10:00:00"), at("10:00:00"), LONG_AGO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BucketPlan.forRange(at("10:00:00"), at("09:00:00"), LONG_AGO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void spansAreContiguousAndCoverThePlannedRange() {
        for (BucketPlan plan : List.of(
                BucketPlan.forRange(at("08:58:13"), at("11:02:01"), at("09:30:00")),
                BucketPlan.forRange(at("07:00:00"), at("11:59:59"), LONG_AGO))) {
            Instant cursor = plan.from();
            for (BucketSpan span : plan.spans()) {
                assertThat(span.start()).isEqualTo(cursor);
                cursor = span.end();
            }
            assertThat(cursor).isEqualTo(plan.to());
        }
    }

    private static Instant at(String time) {
        return Instant.parse("2026-11-21T" + time + "Z");
    }

    private static BucketSpan span(Granularity granularity, String time) {
        return new BucketSpan(granularity, at(time));
    }
}
