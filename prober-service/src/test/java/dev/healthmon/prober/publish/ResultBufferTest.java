package dev.healthmon.prober.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.CheckType;
import dev.healthmon.schemas.Outcome;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ResultBufferTest {

    private final AtomicLong dropped = new AtomicLong();
    private final ResultBuffer buffer = new ResultBuffer(3, dropped::addAndGet);

    private static CheckResult result(String id) {
        return CheckResult.newBuilder().setTargetId(id).setCheckType(CheckType.HTTP).setOutcome(Outcome.UP)
                .setRegion("r").setProberId("p").setStartedAt(Instant.EPOCH).build();
    }

    @Test
    void keepsTheNewestAndCountsWhatItDrops() throws Exception {
        for (String id : new String[] {"1", "2", "3", "4", "5"}) {
            buffer.add(result(id));
        }
        assertThat(buffer.size()).isEqualTo(3);
        assertThat(dropped).hasValue(2);
        assertThat(buffer.take(1, 0, 0)).extracting(CheckResult::getTargetId).containsExactly("3");
    }

    @Test
    void aResultPutBackComesFirstAndIsDroppedFirst() throws Exception {
        buffer.add(result("new-1"));
        buffer.add(result("new-2"));
        buffer.putBack(result("old"));
        assertThat(buffer.take(1, 0, 0)).extracting(CheckResult::getTargetId).containsExactly("old");
        buffer.putBack(result("old"));
        buffer.putBack(result("older"));
        assertThat(dropped).hasValue(1);
        buffer.add(result("new-3"));
        assertThat(dropped).hasValue(2);
        assertThat(buffer.take(1, 0, 0)).extracting(CheckResult::getTargetId).containsExactly("new-1");
    }

    @Test
    void takesUpToMaxOldestFirst() throws Exception {
        for (String id : new String[] {"1", "2", "3"}) {
            buffer.add(result(id));
        }
        assertThat(buffer.take(2, 0, 0)).extracting(CheckResult::getTargetId).containsExactly("1", "2");
        assertThat(buffer.take(2, 0, 0)).extracting(CheckResult::getTargetId).containsExactly("3");
    }

    @Test
    void takeWaitsOnlyUntilItsTimeout() throws Exception {
        assertThat(buffer.take(1, 50, 0)).isEmpty();
        Thread producer = new Thread(() -> buffer.add(result("late")));
        producer.start();
        assertThat(buffer.take(1, 10_000, 0)).extracting(CheckResult::getTargetId).containsExactly("late");
        producer.join();
    }

    @Test
    void aLingerEndsWithWhatCameEvenBelowMax() throws Exception {
        buffer.add(result("only"));
        assertThat(buffer.take(3, 0, 10)).extracting(CheckResult::getTargetId).containsExactly("only");
    }
}
