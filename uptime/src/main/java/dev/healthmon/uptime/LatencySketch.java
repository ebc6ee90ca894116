package dev.healthmon.uptime;

import com.datadoghq.sketch.ddsketch.DDSketchWithExactSummaryStatistics;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import com.datadoghq.sketch.ddsketch.mapping.IndexMapping;
import com.datadoghq.sketch.ddsketch.mapping.LogarithmicMapping;
import com.datadoghq.sketch.ddsketch.store.Bin;
import com.datadoghq.sketch.ddsketch.store.UnboundedSizeDenseStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A mergeable quantile sketch of check latencies in microseconds: an immutable value around a
 * DDSketch that also keeps the exact count, sum, minimum and maximum.
 *
 * <p>Quantiles are answered within {@link #RELATIVE_ACCURACY} of the exact quantile: for the
 * latencies sorted ascending as {@code v[0..n-1]}, {@code quantile(q)} is within
 * {@code RELATIVE_ACCURACY × v[i]} of {@code v[i]} with {@code i = floor(q × (n − 1))} (the lower
 * rank). The guarantee holds for any number of merges, in any order, because merging adds bin
 * counts and loses nothing.
 *
 * <p>Memory and size are bounded by the domain: latencies are whole microseconds in
 * {@code [0, Long.MAX_VALUE]}; zero has its own counter and {@code [1, 2^63)} spans at most about
 * 2,200 logarithmic bins at 1 %, so the unbounded dense store never needs to collapse bins. A
 * sketch of latencies within one order of magnitude holds about 115 bins and encodes in a few
 * hundred bytes.
 */
public final class LatencySketch {

    /**
     * Relative accuracy of every quantile: 1 %, e.g. a p99 of 200 ms is reported within ±2 ms.
     * Sketches merge only with sketches of the same accuracy, so changing this constant makes the
     * stored sketches unmergeable with new ones.
     */
    public static final double RELATIVE_ACCURACY = 0.01;

    // The logarithmic mapping needs the fewest bins for a given accuracy, which keeps stored
    // buckets small; its cost per value (one Math.log) is negligible next to decoding a bucket.
    private static final IndexMapping MAPPING = new LogarithmicMapping(RELATIVE_ACCURACY);

    private static final LatencySketch EMPTY = new LatencySketch(newSketch());

    // Never mutated once the constructor has returned; every operation works on a copy.
    private final DDSketchWithExactSummaryStatistics sketch;

    private LatencySketch(DDSketchWithExactSummaryStatistics sketch) {
        this.sketch = sketch;
    }

    public static LatencySketch empty() {
        return EMPTY;
    }

    /**
     * Decodes a sketch written by {@link #toBytes()}.
     *
     * @throws IllegalArgumentException if the bytes are not such a sketch, or were written with
     *     another accuracy
     */
    public static LatencySketch fromBytes(byte[] bytes) {
        DDSketchWithExactSummaryStatistics decoded;
        try {
            decoded = DDSketchWithExactSummaryStatistics.decode(
                    ByteArrayInput.wrap(bytes), UnboundedSizeDenseStore::new, MAPPING);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a latency sketch of relative accuracy " + RELATIVE_ACCURACY, e);
        }
        if (!decoded.getNegativeValueStore().isEmpty()) {
            throw new IllegalArgumentException("not a latency sketch: it holds negative values");
        }
        return new LatencySketch(decoded);
    }

    /** Decodes the remaining bytes of {@code buffer} without moving its position. */
    public static LatencySketch fromBytes(ByteBuffer buffer) {
        ByteBuffer view = buffer.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return fromBytes(bytes);
    }

    /** The sketch's own compact binary encoding, including its index mapping. */
    public byte[] toBytes() {
        GrowingByteArrayOutput output = GrowingByteArrayOutput.withDefaultInitialCapacity();
        try {
            sketch.encode(output, false);
        } catch (IOException e) {
            // GrowingByteArrayOutput writes to memory and declares IOException only through its interface.
            throw new UncheckedIOException(e);
        }
        return output.trimmedCopy();
    }

    /**
     * This sketch with one more latency.
     *
     * @throws IllegalArgumentException if {@code latencyMicros} is negative
     */
    public LatencySketch with(long latencyMicros) {
        if (latencyMicros < 0) {
            throw new IllegalArgumentException("latency cannot be negative: " + latencyMicros + " µs");
        }
        DDSketchWithExactSummaryStatistics copy = sketch.copy();
        copy.accept((double) latencyMicros);
        return new LatencySketch(copy);
    }

    /** The sketch of the latencies of both sketches. */
    public LatencySketch merge(LatencySketch other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        DDSketchWithExactSummaryStatistics copy = sketch.copy();
        copy.mergeWith(other.sketch);
        return new LatencySketch(copy);
    }

    public long count() {
        return (long) sketch.getCount();
    }

    public boolean isEmpty() {
        return sketch.getCount() == 0;
    }

    /**
     * The latency at quantile {@code q} (lower rank), within {@link #RELATIVE_ACCURACY}.
     *
     * @throws IllegalArgumentException if {@code q} is not in {@code [0, 1]}
     * @throws IllegalStateException if the sketch is empty
     */
    public double quantile(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be in [0, 1]: " + q);
        }
        requireNotEmpty();
        return sketch.getValueAtQuantile(q);
    }

    /** The exact mean latency in microseconds. @throws IllegalStateException if empty */
    public double mean() {
        requireNotEmpty();
        return sketch.getSum() / sketch.getCount();
    }

    /** The exact smallest latency. @throws IllegalStateException if empty */
    public long min() {
        requireNotEmpty();
        return (long) sketch.getMinValue();
    }

    /** The exact largest latency. @throws IllegalStateException if empty */
    public long max() {
        requireNotEmpty();
        return (long) sketch.getMaxValue();
    }

    private void requireNotEmpty() {
        if (isEmpty()) {
            throw new IllegalStateException("the latency sketch is empty");
        }
    }

    private static DDSketchWithExactSummaryStatistics newSketch() {
        return new DDSketchWithExactSummaryStatistics(MAPPING, UnboundedSizeDenseStore::new);
    }

    /** Equal when they hold the same bins and the same exact statistics, however they were built. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof LatencySketch other)) {
            return false;
        }
        if (isEmpty() || other.isEmpty()) {
            return isEmpty() && other.isEmpty();
        }
        return sketch.getCount() == other.sketch.getCount()
                && sketch.getSum() == other.sketch.getSum()
                && sketch.getMinValue() == other.sketch.getMinValue()
                && sketch.getMaxValue() == other.sketch.getMaxValue()
                && bins().equals(other.bins());
    }

    @Override
    public int hashCode() {
        return isEmpty() ? 0 : Objects.hash(sketch.getCount(), sketch.getSum(), bins());
    }

    @Override
    public String toString() {
        if (isEmpty()) {
            return "LatencySketch[empty]";
        }
        return "LatencySketch[count=" + count() + ", min=" + min() + ", p50=" + quantile(0.5)
                + ", p99=" + quantile(0.99) + ", max=" + max() + "]";
    }

    // Latencies are never negative, so the positive store and the zero count (the rest) are the whole content.
    private List<Object> bins() {
        List<Object> bins = new ArrayList<>();
        double positive = 0;
        var iterator = sketch.getPositiveValueStore().getAscendingIterator();
        while (iterator.hasNext()) {
            Bin bin = iterator.next();
            bins.add(bin.getIndex());
            bins.add(bin.getCount());
            positive += bin.getCount();
        }
        bins.add(sketch.getCount() - positive);
        return bins;
    }
}
