package dev.healthmon.analyzer.incident;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** The periods of one target that are open now, at most one of each kind; immutable. */
public record PeriodTracker(Map<PeriodKind, Period> open) {

    public static final PeriodTracker NONE = new PeriodTracker(Map.of());

    public PeriodTracker {
        EnumMap<PeriodKind, Period> copy = new EnumMap<>(PeriodKind.class);
        copy.putAll(open);
        open = Collections.unmodifiableMap(copy);
    }

    public Optional<Period> get(PeriodKind kind) {
        return Optional.ofNullable(open.get(kind));
    }

    public boolean isOpen(PeriodKind kind) {
        return open.containsKey(kind);
    }

    /** With {@code period} opened; a second open period of the same kind would break pairing, so it throws. */
    public PeriodTracker opened(PeriodKind kind, Period period) {
        if (isOpen(kind)) {
            throw new IllegalStateException(kind + " period " + open.get(kind).periodId() + " is already open");
        }
        EnumMap<PeriodKind, Period> next = new EnumMap<>(PeriodKind.class);
        next.putAll(open);
        next.put(kind, period);
        return new PeriodTracker(next);
    }

    /** Without the period of that kind; throws if none is open, since a closer needs its opener. */
    public PeriodTracker closed(PeriodKind kind) {
        if (!isOpen(kind)) {
            throw new IllegalStateException("No " + kind + " period is open");
        }
        EnumMap<PeriodKind, Period> next = new EnumMap<>(PeriodKind.class);
        next.putAll(open);
        next.remove(kind);
        return new PeriodTracker(next);
    }
}
