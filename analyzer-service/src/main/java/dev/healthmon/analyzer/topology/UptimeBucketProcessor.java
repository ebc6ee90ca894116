package dev.healthmon.analyzer.topology;

import dev.healthmon.analyzer.store.StoredStateSince;
import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.Granularity;
import dev.healthmon.schemas.TargetState;
import dev.healthmon.schemas.UptimeBucket;
import dev.healthmon.serde.AvroSerde;
import dev.healthmon.uptime.BucketSpan;
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
 * Counts each result of a known target into its 1-minute and 1-hour bucket (tumbling windows on the result's start
 * time, one window store per granularity) and sends the buckets it updated to {@code uptime} once per punctuation
 * interval: a bucket takes a result per target and interval, and sending it once per interval rather than once per
 * result keeps the output in proportion to the targets when the analyzer catches up on a backlog. The buckets not
 * yet sent are held in memory only; after a restart the buckets still open to late results are sent again, so a
 * crash between a commit and a punctuation loses none. A result later than its bucket's end plus the grace period
 * is not counted in that bucket; a result the buckets refuse (about another target than its key, or with a negative
 * latency) goes to the dead-letter topic.
 *
 * <p>Time in state: the analysis reports each state change; the time since the previous one is added to the buckets
 * it overlaps. The state a target is in now is open-ended, so a wall-clock punctuator cuts it at every minute
 * boundary: a bucket shows its time in state once it has ended.
 */
final class UptimeBucketProcessor implements Processor<String, Object, Object, Object> {

    private static final Logger LOG = Logger.getLogger(UptimeBucketProcessor.class);

    private final Duration punctuationInterval;
    private final UptimeWindows windows;
    private final AvroSerde<CheckResult> resultSerde;
    private final AnalyzerMetrics metrics;
    private final Map<Granularity, WindowStore<String, UptimeBucket>> stores = new EnumMap<>(Granularity.class);
    private final Map<UptimeKey, UptimeBucket> unsent = new LinkedHashMap<>();
    private KeyValueStore<String, StoredStateSince> states;
    private ProcessorContext<Object, Object> context;
    private Instant lastCut = Instant.MIN;
    // Like the DSL's windowed aggregation: the latest start time this task has counted, kept in memory only.
    private long observedEventTimeMs = Long.MIN_VALUE;

    UptimeBucketProcessor(Duration punctuationInterval, UptimeWindows windows, AvroSerde<CheckResult> resultSerde,
            AnalyzerMetrics metrics) {
        this.punctuationInterval = punctuationInterval;
        this.windows = windows;
        this.resultSerde = resultSerde;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        for (Granularity granularity : Granularity.values()) {
            stores.put(granularity, context.getStateStore(AnalyzerTopology.uptimeStore(granularity)));
        }
        states = context.getStateStore(AnalyzerTopology.UPTIME_STATES_STORE);
        holdOpenBuckets(Instant.ofEpochMilli(context.currentSystemTimeMs()));
        context.schedule(punctuationInterval, PunctuationType.WALL_CLOCK_TIME, this::tick);
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
        cutAtMinuteBoundary(wallClockMs);
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
        List<UptimeBucket> updated = new ArrayList<>(stores.size());
        try {
            for (Map.Entry<Granularity, WindowStore<String, UptimeBucket>> store : stores.entrySet()) {
                BucketSpan span = BucketSpan.containing(store.getKey(), result.getStartedAt());
                if (windows.closed(span, observedEventTimeMs)) {
                    metrics.lateResultDropped(store.getKey());
                    continue;
                }
                UptimeBucket bucket = store.getValue().fetch(targetId, span.start().toEpochMilli());
                updated.add(UptimeBuckets.withResult(bucket == null ? UptimeBuckets.empty(targetId, span) : bucket,
                        result));
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

    /** Adds every target's time in its current state up to the last minute boundary, once per boundary. */
    private void cutAtMinuteBoundary(long wallClockMs) {
        Instant boundary = BucketSpan.containing(Granularity.MINUTE, Instant.ofEpochMilli(wallClockMs)).start();
        if (!boundary.isAfter(lastCut)) {
            return;
        }
        lastCut = boundary;
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

    private void addTimeInState(String targetId, TargetState state, Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return;
        }
        StateInterval interval = new StateInterval(state, from, to);
        for (Map.Entry<Granularity, WindowStore<String, UptimeBucket>> store : stores.entrySet()) {
            for (BucketSpan span : interval.spans(store.getKey())) {
                if (!windows.closed(span, observedEventTimeMs)) {
                    UptimeBucket bucket = store.getValue().fetch(targetId, span.start().toEpochMilli());
                    save(targetId, UptimeBuckets.withTimeInState(
                            bucket == null ? UptimeBuckets.empty(targetId, span) : bucket, interval));
                }
            }
        }
    }

    private void save(String targetId, UptimeBucket bucket) {
        BucketSpan span = UptimeBuckets.span(bucket);
        stores.get(span.granularity()).put(targetId, bucket, span.start().toEpochMilli());
        unsent.put(new UptimeKey(targetId, span), bucket);
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
