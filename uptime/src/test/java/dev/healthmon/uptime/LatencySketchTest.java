package dev.healthmon.uptime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.datadoghq.sketch.ddsketch.DDSketchWithExactSummaryStatistics;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import com.datadoghq.sketch.ddsketch.mapping.LogarithmicMapping;
import com.datadoghq.sketch.ddsketch.store.UnboundedSizeDenseStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LatencySketchTest {

    @Test
    void anEmptySketchHasNoStatistics() {
        LatencySketch empty = LatencySketch.empty();

        assertThat(empty.isEmpty()).isTrue();
        assertThat(empty.count()).isZero();
        assertThatThrownBy(() -> empty.quantile(0.5)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(empty::mean).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(empty::min).isInstanceOf(IllegalStateException.class);
        assertThat(LatencySketch.fromBytes(empty.toBytes())).isEqualTo(empty);
    }

    @Test
    void answersQuantilesWithinTheRelativeAccuracyAndExactSummaryStatistics() {
        LatencySketch sketch = LatencySketch.empty();
        for (long micros = 1; micros <= 1_000; micros++) {
            sketch = sketch.with(micros * 1_000);
        }

        assertThat(sketch.count()).isEqualTo(1_000);
        assertThat(sketch.mean()).isEqualTo(500_500.0);
        assertThat(sketch.min()).isEqualTo(1_000);
        assertThat(sketch.max()).isEqualTo(1_000_000);
        // Lower rank: floor(0.5 × 999) = 499, the 500th value, 500 ms.
        assertThat(sketch.quantile(0.5)).isCloseTo(500_000, within(500_000 * LatencySketch.RELATIVE_ACCURACY));
        assertThat(sketch.quantile(0.99)).isCloseTo(990_000, within(990_000 * LatencySketch.RELATIVE_ACCURACY));
        // Never outside the exact minimum and maximum.
        assertThat(sketch.quantile(0)).isBetween(1_000.0, 1_000 * (1 + LatencySketch.RELATIVE_ACCURACY));
        assertThat(sketch.quantile(1)).isBetween(1_000_000 * (1 - LatencySketch.RELATIVE_ACCURACY), 1_000_000.0);
    }

    @Test
    void zeroLatencyIsKeptExactly() {
        LatencySketch sketch = LatencySketch.empty().with(0).with(0).with(10);

        assertThat(sketch.quantile(0.5)).isZero();
        assertThat(sketch.min()).isZero();
    }

    @Test
    void isImmutable() {
        LatencySketch one = LatencySketch.empty().with(5);
        LatencySketch two = one.with(7);
        LatencySketch merged = one.merge(two);

        assertThat(one.count()).isEqualTo(1);
        assertThat(two.count()).isEqualTo(2);
        assertThat(merged.count()).isEqualTo(3);
        assertThat(LatencySketch.empty().isEmpty()).isTrue();
    }

    @Test
    void rejectsNegativeLatenciesAndQuantilesOutsideZeroToOne() {
        assertThatThrownBy(() -> LatencySketch.empty().with(-1)).isInstanceOf(IllegalArgumentException.class);
        LatencySketch sketch = LatencySketch.empty().with(1);
        assertThatThrownBy(() -> sketch.quantile(1.01)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sketch.quantile(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decodesFromTheRemainingBytesOfABufferWithoutMovingIt() {
        LatencySketch sketch = LatencySketch.empty().with(123).with(456_789);
        byte[] bytes = sketch.toBytes();
        ByteBuffer buffer = ByteBuffer.allocate(bytes.length + 3);
        buffer.put(new byte[] {9, 9, 9}).put(bytes).position(3);

        assertThat(LatencySketch.fromBytes(buffer)).isEqualTo(sketch);
        assertThat(buffer.position()).isEqualTo(3);
    }

    @Test
    void rejectsBytesThatAreNotALatencySketch() {
        assertThatThrownBy(() -> LatencySketch.fromBytes(new byte[] {(byte) 0xff, 1, 2}))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] truncated = LatencySketch.empty().with(10).with(20_000).toBytes();
        assertThatThrownBy(() -> LatencySketch.fromBytes(Arrays.copyOf(truncated, truncated.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsASketchOfAnotherAccuracy() throws IOException {
        DDSketchWithExactSummaryStatistics coarse =
                new DDSketchWithExactSummaryStatistics(new LogarithmicMapping(0.05), UnboundedSizeDenseStore::new);
        coarse.accept(1_000);
        GrowingByteArrayOutput output = GrowingByteArrayOutput.withDefaultInitialCapacity();
        coarse.encode(output, false);

        assertThatThrownBy(() -> LatencySketch.fromBytes(output.trimmedCopy()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void staysSmallWhenStored() {
        LatencySketch sketch = LatencySketch.empty();
        for (long micros = 10_000; micros < 1_000_000; micros += 97) {
            sketch = sketch.with(micros);
        }
        // Two orders of magnitude at 1 % are about 230 bins, densely encoded at one to three bytes each.
        assertThat(sketch.toBytes().length).isLessThan(1_000);
    }
}
