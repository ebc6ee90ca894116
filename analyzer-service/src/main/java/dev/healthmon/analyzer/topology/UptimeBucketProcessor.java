package dev.healthmon.analyzer.topology;

import dev.healthmon.analyzer.progress.InputProgress;
import dev.healthmon.analyzer.store.StoredStateSince;
import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.Granularity;
import dev.healthmon.schemas.TargetState;
import dev.healthmon.schemas.UptimeBucket;
import dev.healthmon.serde.AvroSerde;
import dev.healthmon.uptime.BucketSpan;
import dev.healthmon.uptime.DecodedBucket;
import dev.healthmon.uptime.StateInterval;
import dev.healthmon.uptime.UptimeBuckets;
import dev.healthmon.uptime.UptimeKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
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
 * <p>Hours from minutes: a live result costs one bucket update instead of two. A minute is added to its hour once
 * its end has been passed by the latest start time the task has seen or by the wall clock; how far that has gone is
 * stored, so that a restarted task adds no minute twice. What arrives for a minute after that (a late result, time in
 * state) is added to both buckets directly, as the grace period allows.
 *
 * <p>Time in state: the analysis reports each state change; the time since the previous one is added to the buckets
 * it overlaps. The state a target is in now is open-ended, so it is cut at every minute boundary, when the latest
 * start time passes it or when the task's input is known to have been read through it: a minute bucket shows its time
 * in state once it has ended.
 */
final class UptimeBucketProcessor implements Processor<String, Object, Object, Object> {

    private static final Logger LOG = Logger.getLogger(UptimeBucketProcessor.class);
    private static final String FOLDED_THROUGH = "minutes-folded-through";
    private static final List<Granularity> BOTH_GRANULARITIES = List.of(Granularity.MINUTE, Granularity.HOUR);
    private static final List<Granularity> MINUTE_ONLY = List.of(Granularity.MINUTE);

    private final Duration punctuationInterval;
    private final UptimeWindows windows;
    private final AvroSerde<CheckResult> resultSerde;
    private final AnalyzerMetrics metrics;
    private final InputCatchUp catchUp;
    private final Map<Granularity, WindowStore<String, UptimeBucket>> stores = new EnumMap<>(Granularity.class);
    private final Map<UptimeKey, UptimeBucket> unsent = new LinkedHashMap<>();
    // The minute buckets not yet added to their hours (every minute from foldedThrough on), by minute start and
    // target, decoded: the buckets live results update, kept so that a result costs no store read and no decoding.
    private final TreeMap<Instant, Map<String, DecodedBucket>> unfolded = new TreeMap<>();
    private KeyValueStore<String, StoredStateSince> states;
    private KeyValueStore<String, Long> folds;
    private ProcessorContext<Object, Object> context;
    private Instant lastCut = Instant.MIN;
    // Every minute that ends at or before it is in its hour: before it a contribution goes to both granularities.
    private Instant foldedThrough;
    // Like the DSL's windowed aggregation: the latest start time this task has counted, kept in memory only.
    private long observedEventTimeMs = Long.MIN_VALUE;

    UptimeBucketProcessor(Duration punctuationInterval, UptimeWindows windows, AvroSerde<CheckResult> resultSerde,
            AnalyzerMetrics metrics, InputCatchUp catchUp) {
        this.punctuationInterval = punctuationInterval;
        this.windows = windows;
        this.resultSerde = resultSerde;
        this.metrics = metrics;
        this.catchUp = catchUp;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        for (Granularity granularity : Granularity.values()) {
            stores.put(granularity, context.getStateStore(AnalyzerTopology.uptimeStore(granularity)));
        }
        states = context.getStateStore(AnalyzerTopology.UPTIME_STATES_STORE);
        folds = context.getStateStore(AnalyzerTopology.UPTIME_FOLDS_STORE);
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        foldedThrough = restoredFoldPoint(now);
        holdOpenBuckets(now);
        context.schedule(punctuationInterval, PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    /**
     * How far the restored minutes are in their hours, with their minutes still to add. A task with minute buckets
     * but no fold point was written by an analyzer that counted every result in both granularities: every minute up
     * to the current one's end counts as added.
     */
    private Instant restoredFoldPoint(Instant now) {
        Long stored = folds.get(FOLDED_THROUGH);
        WindowStore<String, UptimeBucket> minutes = stores.get(Granularity.MINUTE);
        if (stored == null) {
            try (KeyValueIterator<Windowed<String>, UptimeBucket> any = minutes.all()) {
                return any.hasNext() ? BucketSpan.containing(Granularity.MINUTE, now).end() : Instant.MIN;
            }
        }
        Instant restored = Instant.ofEpochMilli(stored);
        try (KeyValueIterator<Windowed<String>, UptimeBucket> pending = minutes.fetchAll(restored,
                Instant.ofEpochMilli(Long.MAX_VALUE))) {
            pending.forEachRemaining(bucket -> unfolded.computeIfAbsent(bucket.key.window().startTime(),
                    start -> new LinkedHashMap<>()).put(bucket.key.key(), DecodedBucket.of(bucket.value)));
        }
        return restored;
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
        Optional<Instant> latestStart = observedEventTimeMs == Long.MIN_VALUE ? Optional.empty()
                : Optional.of(Instant.ofEpochMilli(observedEventTimeMs));
        // Only as far as the input is known to have been read: a state change may still be waiting in it.
        InputProgress.at(Instant.ofEpochMilli(wallClockMs), latestStart, catchUp.of(context.taskId().partition()))
                .readThrough().ifPresent(this::advanceTo);
        unsent.forEach((key, bucket) -> context.forward(new Record<>(key.toString(), bucket,
                key.span().start().toEpochMilli()), AnalyzerTopology.UPTIME_SINK));
        unsent.clear();
    }

    @Override
    public void process(Record<String, Object> record) {
        if (record.value() instanceof CheckResult result) {
            count(record, result);
        } else if (record.value() instanceof TargetStateChange change) {
            onStateChange(record.key(), change);
        }
    }

    private void count(Record<String, Object> record, CheckResult result) {
        String targetId = record.key();
        observedEventTimeMs = Math.max(observedEventTimeMs, result.getStartedAt().toEpochMilli());
        advanceTo(Instant.ofEpochMilli(observedEventTimeMs));
        List<DecodedBucket> updated = new ArrayList<>(stores.size());
        try {
            for (Granularity granularity : granularitiesAt(result.getStartedAt())) {
                BucketSpan span = BucketSpan.containing(granularity, result.getStartedAt());
                if (windows.closed(span, observedEventTimeMs)) {
                    metrics.lateResultDropped(granularity);
                    continue;
                }
                updated.add(current(targetId, span).withResult(result));
            }
        } catch (IllegalArgumentException refused) {
            // Nothing is stored yet, so neither granularity counts half of a refused result.
            deadLetter(record, refused);
            return;
        }
        updated.forEach(bucket -> save(targetId, bucket));
    }

    private void onStateChange(String targetId, TargetStateChange change) {
        StoredStateSince current = states.get(targetId);
        Instant since = change.at();
        if (current != null) {
            addTimeInState(targetId, TargetState.valueOf(current.getState()), current.getSince(), change.at());
            // A cut may already have given the old state time past this change (the change was processed late).
            since = current.getSince().isAfter(since) ? current.getSince() : since;
        }
        if (change.state() == null) {
            states.delete(targetId);
        } else {
            states.put(targetId, new StoredStateSince(change.state().name(), since));
        }
    }

    /** The granularities a contribution at {@code instant} goes to directly: the hour only once its minute is in it. */
    private List<Granularity> granularitiesAt(Instant instant) {
        return instant.isBefore(foldedThrough) ? BOTH_GRANULARITIES : MINUTE_ONLY;
    }

    /**
     * Once per minute boundary that the latest start time or the input read through passes: the time in state up to it, then
     * every minute that ended by then added to its hour.
     */
    private void advanceTo(Instant time) {
        Instant boundary = BucketSpan.containing(Granularity.MINUTE, time).start();
        if (boundary.isAfter(lastCut)) {
            lastCut = boundary;
            cutAt(boundary);
        }
        if (boundary.isAfter(foldedThrough)) {
            foldMinutesEndingBy(boundary);
        }
    }

    private void foldMinutesEndingBy(Instant boundary) {
        Map<Instant, Map<String, DecodedBucket>> ended = unfolded.headMap(
                boundary.minus(BucketSpan.width(Granularity.MINUTE)), true);
        ended.forEach((start, minutes) -> {
            BucketSpan hour = BucketSpan.containing(Granularity.HOUR, start);
            // Whatever a minute took was accepted while its hour was open, so it goes in even if the hour closed.
            minutes.forEach((targetId, minute) -> save(targetId, DecodedBucket.of(
                    UptimeBuckets.withBucket(current(targetId, hour).bucket(), minute.bucket()))));
        });
        ended.clear();
        foldedThrough = boundary;
        folds.put(FOLDED_THROUGH, boundary.toEpochMilli());
    }

    /** Adds every target's time in its current state up to {@code boundary}. */
    private void cutAt(Instant boundary) {
        List<KeyValue<String, StoredStateSince>> open = new ArrayList<>();
        try (KeyValueIterator<String, StoredStateSince> all = states.all()) {
            all.forEachRemaining(open::add);
        }
        for (KeyValue<String, StoredStateSince> target : open) {
            if (target.value.getSince().isBefore(boundary)) {
                addTimeInState(target.key, TargetState.valueOf(target.value.getState()), target.value.getSince(),
                        boundary);
                states.put(target.key, new StoredStateSince(target.value.getState(), boundary));
            }
        }
    }

    /** Adds {@code [from, to)} in {@code state}: to both granularities before the fold point, to minutes after it. */
    private void addTimeInState(String targetId, TargetState state, Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return;
        }
        if (from.isBefore(foldedThrough)) {
            addTimeInState(targetId, new StateInterval(state, from, min(to, foldedThrough)), BOTH_GRANULARITIES);
        }
        if (to.isAfter(foldedThrough)) {
            addTimeInState(targetId, new StateInterval(state, max(from, foldedThrough), to), MINUTE_ONLY);
        }
    }

    private void addTimeInState(String targetId, StateInterval interval, List<Granularity> granularities) {
        for (Granularity granularity : granularities) {
            for (BucketSpan span : interval.spans(granularity)) {
                if (!windows.closed(span, observedEventTimeMs)) {
                    save(targetId, current(targetId, span).withTimeInState(interval));
                }
            }
        }
    }

    /** The target's bucket of {@code span} as it is now: from memory while its minute is not in its hour yet. */
    private DecodedBucket current(String targetId, BucketSpan span) {
        if (isUnfoldedMinute(span)) {
            // Every unfolded minute bucket is in memory (restored at start, kept on every save).
            DecodedBucket held = unfolded.getOrDefault(span.start(), Map.of()).get(targetId);
            return held != null ? held : DecodedBucket.of(UptimeBuckets.empty(targetId, span));
        }
        UptimeBucket stored = stores.get(span.granularity()).fetch(targetId, span.start().toEpochMilli());
        return DecodedBucket.of(stored != null ? stored : UptimeBuckets.empty(targetId, span));
    }

    private boolean isUnfoldedMinute(BucketSpan span) {
        return span.granularity() == Granularity.MINUTE && !span.start().isBefore(foldedThrough);
    }

    private void save(String targetId, DecodedBucket decoded) {
        UptimeBucket bucket = decoded.bucket();
        BucketSpan span = UptimeBuckets.span(bucket);
        stores.get(span.granularity()).put(targetId, bucket, span.start().toEpochMilli());
        unsent.put(new UptimeKey(targetId, span), bucket);
        if (isUnfoldedMinute(span)) {
            unfolded.computeIfAbsent(span.start(), start -> new LinkedHashMap<>()).put(targetId, decoded);
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private void deadLetter(Record<String, Object> record, IllegalArgumentException error) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        // The record was decoded from exactly these bytes: single-object encoding of the same schema.
        byte[] value = resultSerde.serialize(source.topic(), (CheckResult) record.value());
        context.forward(new Record<Object, Object>(record.key().getBytes(StandardCharsets.UTF_8), value,
                record.timestamp(), DeadLetters.headers(record.headers(), error, source)), AnalyzerTopology.DLQ_SINK);
        metrics.deadLettered(source.topic());
        LOG.warnf("Result %s-%d@%d set aside in the dead-letter topic: %s", source.topic(), source.partition(),
                source.offset(), error.getMessage());
    }
}
