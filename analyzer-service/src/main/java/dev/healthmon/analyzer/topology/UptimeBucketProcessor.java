package dev.healthmon.analyzer.topology;

import dev.healthmon.analyzer.progress.ProberTimes;
import dev.healthmon.analyzer.store.StoredStateSince;
import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.Granularity;
import dev.healthmon.schemas.TargetState;
import dev.healthmon.schemas.UptimeBucket;
import dev.healthmon.uptime.BucketSpan;
import dev.healthmon.uptime.DecodedBucket;
import dev.healthmon.uptime.StateInterval;
import dev.healthmon.uptime.UptimeBuckets;
import dev.healthmon.uptime.UptimeKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.jboss.logging.Logger;

/**
 * Counts each result of a known target into its 1-minute bucket (tumbling windows on the result's start time, one
 * window store per granularity), adds each minute to its 1-hour bucket once the minute has ended, and sends the
 * buckets it updated to {@code uptime} once per punctuation interval: a bucket takes a result per target and
 * interval, and sending it once per interval rather than once per result keeps the output in proportion to the
 * targets when the analyzer catches up on a backlog. The buckets not yet sent are held in memory only; after a
 * restart the buckets still open to late results are sent again, so a crash between a commit and a punctuation
 * loses none. A result later than its bucket's end plus the grace period is not counted in that bucket; a result the
 * buckets refuse (about another target than its key, or with a negative latency) goes to the dead-letter topic.
 *
 * <p>Hours from minutes: a live result costs one bucket update instead of two. The task's time passes a minute
 * boundary when the latest start time it has seen, or its input read through, passes it. Each target then catches
 * up on its own: its time in its current state is cut at the boundary, and its minutes that ended are added to their
 * hours; how far is stored with its state, so that a restarted task adds no minute twice. A target catches up when
 * its next result or state change comes, or at a tick, a share of the targets per tick, so that the work of a
 * boundary is spread rather than done for every target at once. What arrives for a minute already in its hour (a late
 * result, time in state) is added to both buckets directly, as the grace period allows.
 */
// Its outputs: each bucket to the uptime sink, each refused result to the uptime dead-letter sink.
final class UptimeBucketProcessor implements Processor<String, UptimeInput, String, SpecificRecord> {

    private static final Logger LOG = Logger.getLogger(UptimeBucketProcessor.class);
    private static final List<Granularity> BOTH_GRANULARITIES = List.of(Granularity.MINUTE, Granularity.HOUR);
    private static final List<Granularity> MINUTE_ONLY = List.of(Granularity.MINUTE);
    // Targets catch up at a tick by at most a tenth of them (at least a hundred): a boundary's work is spread over
    // about ten ticks, while the targets that have results catch up sooner, each with its first result.
    private static final int TICKS_TO_CATCH_UP = 10;
    private static final int CATCH_UP_AT_LEAST = 100;

    private final Duration punctuationInterval;
    private final Duration lateResultWindow;
    private final UptimeWindows windows;
    private final AnalyzerMetrics metrics;
    private final InputCatchUp catchUp;
    private final Map<Granularity, WindowStore<String, UptimeBucket>> stores = new EnumMap<>(Granularity.class);
    private final Map<UptimeKey, UptimeBucket> unsent = new LinkedHashMap<>();
    private final Map<String, Tracked> targets = new LinkedHashMap<>();
    private KeyValueStore<String, StoredStateSince> states;
    private ProcessorContext<String, SpecificRecord> context;
    // The latest minute boundary the task's time has passed; each target catches up to it on its own.
    private Instant boundary = Instant.MIN;
    // Like the DSL's windowed aggregation: the latest start time this task has counted, kept in memory only.
    private long observedEventTimeMs = Long.MIN_VALUE;
    private final ProberTimes proberTimes = new ProberTimes();

    /**
     * A target's uptime, as far as its buckets go: its current state since when its time in it is in the buckets,
     * how far its minutes are in their hours, and its minute buckets not in their hours yet, decoded (the buckets
     * live results update, kept so that a result costs no store read and no decoding). Written through to the
     * stores.
     */
    private static final class Tracked {

        TargetState state;
        Instant since;
        // Every minute of the target ending at or before it is in its hour: before it a contribution goes to both.
        Instant foldedThrough;
        final TreeMap<Instant, DecodedBucket> unfolded = new TreeMap<>();

        Tracked(TargetState state, Instant since, Instant foldedThrough) {
            this.state = state;
            this.since = since;
            this.foldedThrough = foldedThrough;
        }

        /** Whether its time in state or its minutes have not been brought up to {@code boundary} yet. */
        boolean behind(Instant boundary) {
            return since.isBefore(boundary) || foldedThrough.isBefore(boundary);
        }
    }

    UptimeBucketProcessor(Duration punctuationInterval, Duration lateResultWindow, UptimeWindows windows,
            AnalyzerMetrics metrics, InputCatchUp catchUp) {
        this.punctuationInterval = punctuationInterval;
        this.lateResultWindow = lateResultWindow;
        this.windows = windows;
        this.metrics = metrics;
        this.catchUp = catchUp;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        for (Granularity granularity : Granularity.values()) {
            stores.put(granularity, context.getStateStore(AnalyzerTopology.uptimeStore(granularity)));
        }
        states = context.getStateStore(AnalyzerTopology.UPTIME_STATES_STORE);
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        restoreTargets(now);
        holdOpenBuckets(now);
        context.schedule(punctuationInterval, PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    /**
     * Every target's state and fold point, and its minutes not in their hours yet. A target stored without a fold
     * point was written by an analyzer that counted every result in both granularities: its minutes up to the end of
     * the current one count as added.
     */
    private void restoreTargets(Instant now) {
        WindowStore<String, UptimeBucket> minutes = stores.get(Granularity.MINUTE);
        try (KeyValueIterator<String, StoredStateSince> all = states.all()) {
            while (all.hasNext()) {
                KeyValue<String, StoredStateSince> stored = all.next();
                Instant foldedThrough = stored.value.getFoldedThrough() != null ? stored.value.getFoldedThrough()
                        : BucketSpan.containing(Granularity.MINUTE, now).end();
                Tracked target = new Tracked(TargetState.valueOf(stored.value.getState()), stored.value.getSince(),
                        foldedThrough);
                try (var pending = minutes.fetch(stored.key, foldedThrough, Instant.ofEpochMilli(Long.MAX_VALUE))) {
                    pending.forEachRemaining(minute -> target.unfolded.put(Instant.ofEpochMilli(minute.key),
                            DecodedBucket.of(minute.value)));
                }
                targets.put(stored.key, target);
            }
        }
    }

    /** Holds every restored bucket that may still take results, to be sent with the first tick. */
    private void holdOpenBuckets(Instant now) {
        for (Map.Entry<Granularity, WindowStore<String, UptimeBucket>> store : stores.entrySet()) {
            Instant openSince = now.minus(BucketSpan.width(store.getKey())).minus(windows.grace());
            try (KeyValueIterator<Windowed<String>, UptimeBucket> open = store.getValue().fetchAll(openSince,
                    Instant.ofEpochMilli(Long.MAX_VALUE))) {
                open.forEachRemaining(bucket -> unsent.put(
                        new UptimeKey(bucket.key.key(), UptimeBuckets.span(bucket.value)), bucket.value));
            }
        }
    }

    private void tick(long wallClockMs) {
        advanceToReadThrough(wallClockMs);
        int budget = Math.max(CATCH_UP_AT_LEAST, (targets.size() + TICKS_TO_CATCH_UP - 1) / TICKS_TO_CATCH_UP);
        for (Map.Entry<String, Tracked> target : targets.entrySet()) {
            if (budget == 0) {
                break;
            }
            if (target.getValue().behind(boundary)) {
                catchUp(target.getKey(), target.getValue());
                budget--;
            }
        }
        unsent.forEach((key, bucket) -> context.forward(new Record<>(key.toString(), bucket,
                key.span().start().toEpochMilli()), AnalyzerTopology.UPTIME_SINK));
        unsent.clear();
    }

    @Override
    public void process(Record<String, UptimeInput> record) {
        if (record.value() instanceof UptimeInput.CountedResult counted) {
            count(record, counted.result());
        } else if (record.value() instanceof TargetStateChange change) {
            onStateChange(record.key(), change);
        }
    }

    private void count(Record<String, UptimeInput> record, CheckResult result) {
        String targetId = record.key();
        observedEventTimeMs = Math.max(observedEventTimeMs, result.getStartedAt().toEpochMilli());
        proberTimes.read(result.getProberId(), result.getStartedAt());
        if (BucketSpan.containing(Granularity.MINUTE, result.getStartedAt()).start().isAfter(boundary)) {
            // A replay sees no ticks: its results move the boundary on.
            advanceToReadThrough(context.currentSystemTimeMs());
        }
        Tracked target = targets.get(targetId);
        if (target != null && target.behind(boundary)) {
            catchUp(targetId, target);
        }
        List<DecodedBucket> updated = new ArrayList<>(stores.size());
        try {
            for (Granularity granularity : granularitiesAt(target, result.getStartedAt())) {
                BucketSpan span = BucketSpan.containing(granularity, result.getStartedAt());
                if (windows.closed(span, observedEventTimeMs)) {
                    metrics.lateResultDropped(granularity);
                    continue;
                }
                updated.add(current(targetId, target, span).withResult(result));
            }
        } catch (IllegalArgumentException refused) {
            // Nothing is stored yet, so neither granularity counts half of a refused result.
            deadLetter(record, result, refused);
            return;
        }
        for (DecodedBucket bucket : updated) {
            save(targetId, target, bucket);
        }
    }

    private void onStateChange(String targetId, TargetStateChange change) {
        Tracked target = targets.get(targetId);
        if (target == null) {
            if (change.state() != null) {
                target = new Tracked(change.state(), change.at(), firstFoldPoint(targetId, change.at()));
                targets.put(targetId, target);
                store(targetId, target);
            }
            return;
        }
        if (target.behind(boundary)) {
            catchUp(targetId, target);
        }
        if (change.at().isBefore(target.since)) {
            // A cut already gave the old state the time since this change, which was read later: move it.
            onTimeInState(targetId, target, new StateInterval(target.state, change.at(), target.since),
                    (bucket, interval) -> bucket.withTimeInStateMoved(interval, change.state()));
        } else {
            addTimeInState(targetId, target, target.state, target.since, change.at());
        }
        if (change.state() == null) {
            // Deleted: nothing more comes for its minutes, so they go into their hours now.
            Tracked deleted = target;
            deleted.unfolded.values().forEach(minute -> fold(targetId, deleted, minute));
            targets.remove(targetId);
            states.delete(targetId);
            return;
        }
        target.since = max(target.since, change.at());
        target.state = change.state();
        store(targetId, target);
    }

    /**
     * Where a target first seen at {@code at} starts adding its minutes to their hours: at the minute it is in,
     * unless a former life of the same id (deleted, its minutes added to their hours then) already has a bucket of
     * that minute, which must not be added twice: then that minute counts as added, and what comes for it goes to
     * both buckets directly.
     */
    private Instant firstFoldPoint(String targetId, Instant at) {
        BucketSpan minute = BucketSpan.containing(Granularity.MINUTE, at);
        return stores.get(Granularity.MINUTE).fetch(targetId, minute.start().toEpochMilli()) == null ? minute.start()
                : minute.end();
    }

    /**
     * The granularities a contribution at {@code instant} goes to directly: the hour only once its minute is in it
     * (both for a target not tracked, which has no minutes held back).
     */
    private static List<Granularity> granularitiesAt(Tracked target, Instant instant) {
        return target == null || instant.isBefore(target.foldedThrough) ? BOTH_GRANULARITIES : MINUTE_ONLY;
    }

    /**
     * Cuts and folds as far as the task's input is known to have been read (never past the wall clock), so that the
     * time of a state whose end the input may still hold is not counted yet.
     */
    private void advanceToReadThrough(long wallClockMs) {
        proberTimes.progress(Instant.ofEpochMilli(wallClockMs), catchUp.of(context.taskId().partition()),
                lateResultWindow).readThrough().ifPresent(this::advanceTo);
    }

    /** The task's time has reached {@code time}: the latest minute boundary it passed is the one to catch up to. */
    private void advanceTo(Instant time) {
        boundary = max(boundary, BucketSpan.containing(Granularity.MINUTE, time).start());
    }

    /**
     * Brings the target up to the task's boundary: its time in its current state up to there, then every minute
     * that ended by then added to its hour.
     */
    private void catchUp(String targetId, Tracked target) {
        if (target.since.isBefore(boundary)) {
            addTimeInState(targetId, target, target.state, target.since, boundary);
            target.since = boundary;
        }
        Map<Instant, DecodedBucket> ended = target.unfolded.headMap(
                boundary.minus(BucketSpan.width(Granularity.MINUTE)), true);
        ended.forEach((start, minute) -> fold(targetId, target, minute));
        ended.clear();
        target.foldedThrough = boundary;
        store(targetId, target);
    }

    /** Adds a minute to its hour: what it took was accepted while the hour was open, so it goes in even if closed. */
    private void fold(String targetId, Tracked target, DecodedBucket minute) {
        BucketSpan hour = BucketSpan.containing(Granularity.HOUR, UptimeBuckets.span(minute.bucket()).start());
        save(targetId, target, current(targetId, target, hour).withBucket(minute));
    }

    private void store(String targetId, Tracked target) {
        states.put(targetId, new StoredStateSince(target.state.name(), target.since, target.foldedThrough));
    }

    /** Adds {@code [from, to)} in {@code state}. */
    private void addTimeInState(String targetId, Tracked target, TargetState state, Instant from, Instant to) {
        if (to.isAfter(from)) {
            onTimeInState(targetId, target, new StateInterval(state, from, to), DecodedBucket::withTimeInState);
        }
    }

    /** Applies a change of time in state: to both granularities before the fold point, to minutes after it. */
    private void onTimeInState(String targetId, Tracked target, StateInterval interval,
            BiFunction<DecodedBucket, StateInterval, DecodedBucket> change) {
        if (interval.from().isBefore(target.foldedThrough)) {
            onTimeInState(targetId, target, new StateInterval(interval.state(), interval.from(),
                    min(interval.to(), target.foldedThrough)), BOTH_GRANULARITIES, change);
        }
        if (interval.to().isAfter(target.foldedThrough)) {
            onTimeInState(targetId, target, new StateInterval(interval.state(),
                    max(interval.from(), target.foldedThrough), interval.to()), MINUTE_ONLY, change);
        }
    }

    private void onTimeInState(String targetId, Tracked target, StateInterval interval,
            List<Granularity> granularities, BiFunction<DecodedBucket, StateInterval, DecodedBucket> change) {
        for (Granularity granularity : granularities) {
            for (BucketSpan span : interval.spans(granularity)) {
                if (!windows.closed(span, observedEventTimeMs)) {
                    save(targetId, target, change.apply(current(targetId, target, span), interval));
                }
            }
        }
    }

    /** The target's bucket of {@code span} as it is now: from memory while it is a minute not in its hour yet. */
    private DecodedBucket current(String targetId, Tracked target, BucketSpan span) {
        if (target != null && isUnfoldedMinute(target, span)) {
            // Every unfolded minute bucket is in memory (restored at start, kept on every save).
            DecodedBucket held = target.unfolded.get(span.start());
            return held != null ? held : DecodedBucket.of(UptimeBuckets.empty(targetId, span));
        }
        UptimeBucket stored = stores.get(span.granularity()).fetch(targetId, span.start().toEpochMilli());
        return DecodedBucket.of(stored != null ? stored : UptimeBuckets.empty(targetId, span));
    }

    private static boolean isUnfoldedMinute(Tracked target, BucketSpan span) {
        return span.granularity() == Granularity.MINUTE && !span.start().isBefore(target.foldedThrough);
    }

    private void save(String targetId, Tracked target, DecodedBucket decoded) {
        UptimeBucket bucket = decoded.bucket();
        BucketSpan span = UptimeBuckets.span(bucket);
        stores.get(span.granularity()).put(targetId, bucket, span.start().toEpochMilli());
        unsent.put(new UptimeKey(targetId, span), bucket);
        if (target != null && isUnfoldedMinute(target, span)) {
            target.unfolded.put(span.start(), decoded);
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private void deadLetter(Record<String, UptimeInput> record, CheckResult result, IllegalArgumentException error) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        // The sink encodes it as it was read: single-object encoding of the same schema.
        context.forward(new Record<String, SpecificRecord>(record.key(), result, record.timestamp(),
                DeadLetters.headers(record.headers(), error, source)), AnalyzerTopology.UPTIME_DLQ_SINK);
        metrics.deadLettered(source.topic());
        LOG.warnf("Result %s-%d@%d set aside in the dead-letter topic: %s", source.topic(), source.partition(),
                source.offset(), error.getMessage());
    }
}
