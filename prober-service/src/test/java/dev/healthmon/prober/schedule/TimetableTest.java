package dev.healthmon.prober.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TimetableTest {

    private static final long INTERVAL = 30_000;
    private static final long NOW = 1_795_000_000_123L;

    @Test
    void phaseIsStableAndWithinTheInterval() {
        assertThat(Timetable.phase("checkout-api", INTERVAL)).isEqualTo(Timetable.phase("checkout-api", INTERVAL));
        IntStream.range(0, 1_000).forEach(i -> assertThat(Timetable.phase("t-" + i, INTERVAL))
                .isBetween(0L, INTERVAL - 1));
        assertThat(Timetable.phase("a", 1)).isZero();
    }

    @Test
    void phasesSpreadEvenlyOverTheInterval() {
        int targets = 20_000;
        int buckets = 10;
        int[] counts = new int[buckets];
        for (int i = 0; i < targets; i++) {
            counts[(int) (Timetable.phase("service-" + i + ".example", INTERVAL) * buckets / INTERVAL)]++;
        }
        for (int count : counts) {
            assertThat(count).isBetween(targets / buckets * 9 / 10, targets / buckets * 11 / 10);
        }
    }

    @Test
    void firstRunIsTheFirstPhaseSlotAfterTheInitialDelay() {
        long phase = Timetable.phase("db", INTERVAL);
        long first = Timetable.firstDue("db", INTERVAL, 0, NOW);
        assertThat(first).isBetween(NOW, NOW + INTERVAL - 1);
        assertThat(Math.floorMod(first, INTERVAL)).isEqualTo(phase);
        long delayed = Timetable.firstDue("db", INTERVAL, 45_000, NOW);
        assertThat(delayed).isBetween(NOW + 45_000, NOW + 45_000 + INTERVAL - 1);
        assertThat(Math.floorMod(delayed, INTERVAL)).isEqualTo(phase);
    }

    @Test
    void lateRunsDoNotDrift() {
        long due = Timetable.firstDue("api", INTERVAL, 0, NOW);
        long clock = due;
        for (int run = 1; run <= 1_000; run++) {
            // Each run starts up to 900 ms late; the grid stays where it was.
            clock = due + (run * 7919L) % 900;
            Timetable.Next next = Timetable.next(due, INTERVAL, clock);
            assertThat(next.missedSlots()).isZero();
            due = next.dueMs();
        }
        assertThat(due).isEqualTo(Timetable.firstDue("api", INTERVAL, 0, NOW) + 1_000 * INTERVAL);
        assertThat(clock).isLessThan(due);
    }

    @Test
    void slotsMissedDuringAPauseAreSkippedNotBurst() {
        long due = Timetable.firstDue("api", INTERVAL, 0, NOW);
        // The process was paused for three and a half intervals after this run was due.
        Timetable.Next next = Timetable.next(due, INTERVAL, due + 3 * INTERVAL + INTERVAL / 2);
        assertThat(next.missedSlots()).isEqualTo(2);
        assertThat(next.dueMs()).isEqualTo(due + 3 * INTERVAL);
        assertThat(Math.floorMod(next.dueMs(), INTERVAL)).isEqualTo(Timetable.phase("api", INTERVAL));
    }
}
