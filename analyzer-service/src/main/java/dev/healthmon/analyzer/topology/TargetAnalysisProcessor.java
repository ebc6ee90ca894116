package dev.healthmon.analyzer.topology;

import dev.healthmon.analyzer.monitor.DependencyStates;
import dev.healthmon.analyzer.monitor.TargetAnalysis;
import dev.healthmon.analyzer.monitor.TargetEvent;
import dev.healthmon.analyzer.monitor.TargetMonitor;
import dev.healthmon.analyzer.monitor.TargetRules;
import dev.healthmon.analyzer.progress.InputProgress;
import dev.healthmon.analyzer.progress.ProberTimes;
import dev.healthmon.analyzer.region.RegionVote;
import dev.healthmon.analyzer.store.StoredAnalysis;
import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.TargetDefinition;
import dev.healthmon.schemas.TargetState;
import dev.healthmon.schemas.TargetStatus;
import dev.healthmon.serde.AvroSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs each target's {@link TargetMonitor} for the targets of one task: definitions and results as they arrive, and
 * the passing of time on a schedule, judged by how far the task has read its input. Sends every event to {@code events} at once, and each status to {@code status}: at
 * once when its headline changed (state, a region's state, the circuit, an open period, the definition), else with
 * the next tick. Most results change only counters and the last result's details; sending those once per tick
 * rather than once per result keeps the output, and the broker's work, in proportion to the targets rather than to
 * the results, which matters most when the analyzer catches up on a backlog or replays the log.
 *
 * <p>The stores are the durable truth (changelogged, restored before {@link #init}); this processor keeps a decoded
 * copy of its task's targets in memory, written through to the stores, so that a result or a tick costs no store
 * read and no decoding. The set of statuses not yet sent lives in memory only: after a restart every status of the
 * task is sent again with the first tick, so that a crash between a commit and a tick loses no status.
 */
final class TargetAnalysisProcessor implements Processor<String, AnalyzerInput, String, Object> {

    private final Duration punctuationInterval;
    private final Duration lateResultWindow;
    private final String statusTopic;
    private final AvroSerde<TargetStatus> statusSerde;
    private final AnalyzerMetrics metrics;
    private final InputCatchUp catchUp;
    private final Map<String, Target> targets = new LinkedHashMap<>();
    private final Set<String> unsent = new LinkedHashSet<>();
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, TargetDefinition> definitions;
    private KeyValueStore<String, StoredAnalysis> analyses;
    private DependencyStates dependencies;
    private final ProberTimes proberTimes = new ProberTimes();

    /** A target of this task, decoded. */
    private record Target(TargetDefinition definition, TargetRules rules, TargetAnalysis analysis) {

        Target(TargetDefinition definition, TargetAnalysis analysis) {
            this(definition, MonitorTranslation.rules(definition), analysis);
        }

        Target with(TargetAnalysis next) {
            return new Target(definition, rules, next);
        }
    }

    TargetAnalysisProcessor(Duration punctuationInterval, Duration lateResultWindow, String statusTopic,
            AvroSerde<TargetStatus> statusSerde, AnalyzerMetrics metrics, InputCatchUp catchUp) {
        this.punctuationInterval = punctuationInterval;
        this.lateResultWindow = lateResultWindow;
        this.statusTopic = statusTopic;
        this.statusSerde = statusSerde;
        this.metrics = metrics;
        this.catchUp = catchUp;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        definitions = context.getStateStore(AnalyzerTopology.DEFINITIONS_STORE);
        analyses = context.getStateStore(AnalyzerTopology.ANALYSES_STORE);
        List<String> orphans = new ArrayList<>();
        try (KeyValueIterator<String, StoredAnalysis> all = analyses.all()) {
            while (all.hasNext()) {
                KeyValue<String, StoredAnalysis> entry = all.next();
                TargetDefinition definition = definitions.get(entry.key);
                if (definition == null) {
                    orphans.add(entry.key);
                } else {
                    targets.put(entry.key, new Target(definition, StoredAnalysisTranslation.fromStored(entry.value)));
                }
            }
        }
        // Only at-least-once can restore a deletion half-way (the definition gone, the analysis not): finish it.
        orphans.forEach(analyses::delete);
        unsent.addAll(targets.keySet());
        DependencyStates local = targetId -> Optional.ofNullable(targets.get(targetId))
                .map(target -> target.analysis().state());
        dependencies = new StatusDependencies(local, context.getStateStore(AnalyzerTopology.STATUS_VIEW_STORE),
                statusTopic, statusSerde);
        context.schedule(punctuationInterval, PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    @Override
    public void process(Record<String, AnalyzerInput> record) {
        if (record.value() instanceof AnalyzerInput.DefinitionChange change) {
            onDefinition(record.key(), change.definition(), Instant.ofEpochMilli(record.timestamp()));
        } else if (record.value() instanceof AnalyzerInput.ResultArrival arrival) {
            onResult(record.key(), arrival.result(), record.headers());
        }
    }

    private void onDefinition(String targetId, TargetDefinition definition, Instant at) {
        Target previous = targets.get(targetId);
        if (definition == null) {
            definitions.delete(targetId);
            if (previous != null) {
                targets.remove(targetId);
                unsent.remove(targetId);
                analyses.delete(targetId);
                TargetMonitor.Step step = monitor(targetId, previous.rules()).onDeletion(previous.analysis(), at);
                sendEvents(targetId, step.events());
                sendStateChange(targetId, new TargetStateChange(null, step.analysis().clock()));
                if (GroupMembership.membership(status(previous)) != null) {
                    context.forward(new Record<>(targetId, null, step.analysis().clock().toEpochMilli()),
                            AnalyzerTopology.GROUP_MEMBERS_SINK);
                }
                // The compacted status topic forgets the target too.
                context.forward(new Record<>(targetId, null, step.analysis().clock().toEpochMilli()),
                        AnalyzerTopology.STATUS_SINK);
            }
            return;
        }
        definitions.put(targetId, definition);
        TargetRules rules = MonitorTranslation.rules(definition);
        if (previous == null) {
            TargetAnalysis started = monitor(targetId, rules).start(at);
            save(targetId, null, new Target(definition, rules, started), List.of());
            return;
        }
        TargetMonitor.Step step = monitor(targetId, rules).onDefinitionChange(previous.analysis(), at);
        save(targetId, previous, new Target(definition, rules, step.analysis()), step.events());
    }

    private void onResult(String targetId, CheckResult result, Headers headers) {
        Target target = targets.get(targetId);
        if (target == null) {
            metrics.resultForUnknownTarget(targetId);
            return;
        }
        metrics.resultProcessed();
        proberTimes.read(result.getProberId(), result.getStartedAt());
        // Every result of a known target counts in the uptime buckets, at its start time (event time).
        context.forward(new Record<>(targetId, new UptimeInput.CountedResult(result),
                result.getStartedAt().toEpochMilli(), headers), AnalyzerTopology.UPTIME_BUCKETS);
        TargetMonitor.Step step = monitor(targetId, target.rules()).onResult(target.analysis(),
                MonitorTranslation.observation(result));
        if (save(targetId, target, target.with(step.analysis()), step.events())) {
            metrics.statusSent(Duration.between(result.getStartedAt(),
                    Instant.ofEpochMilli(context.currentSystemTimeMs())));
        }
    }

    /**
     * Applies the passing of time to every target of this task, then sends the statuses held back since the last
     * tick. How far time has passed is judged by how far the task has read its input ({@link InputProgress}): the
     * wall clock only once it has been caught up long enough, else the results it has read of the probers that last
     * reported each target's regions. A tick that changes nothing but the clock is not stored: time alone is not
     * worth a changelog write per target and second, and a replay, which sees no ticks, then keeps the same clock.
     */
    private void tick(long wallClockMs) {
        long started = System.nanoTime();
        InputProgress progress = proberTimes.progress(Instant.ofEpochMilli(wallClockMs),
                catchUp.of(context.taskId().partition()), lateResultWindow);
        for (Map.Entry<String, Target> entry : List.copyOf(targets.entrySet())) {
            Target target = entry.getValue();
            TargetAnalysis before = target.analysis();
            // Each region's silence is judged by the progress of the prober that last reported it.
            List<String> reporters = before.regions().values().stream().filter(region -> !region.stale())
                    .map(RegionVote::lastProberId).toList();
            Optional<Instant> now = progress.judgedAt(reporters, target.rules().staleAfter());
            TargetMonitor monitor = monitor(entry.getKey(), target.rules());
            // Most ticks find nothing due for most targets: no step to build then, as it would change only the clock.
            if (now.isEmpty() || !monitor.dueBy(before, now.get())) {
                continue;
            }
            TargetMonitor.Step step = monitor.onTick(before, now.get());
            if (!step.events().isEmpty() || !step.analysis().withClock(before.clock()).equals(before)) {
                save(entry.getKey(), target, target.with(step.analysis()), step.events());
            }
        }
        for (String targetId : unsent) {
            sendStatus(targetId, status(targets.get(targetId)));
        }
        unsent.clear();
        metrics.punctuated(Duration.ofNanos(System.nanoTime() - started));
    }

    private TargetMonitor monitor(String targetId, TargetRules rules) {
        return new TargetMonitor(targetId, rules, dependencies);
    }

    private static TargetStatus status(Target target) {
        return MonitorTranslation.status(target.analysis(), target.definition());
    }

    /**
     * Keeps the target's new analysis and sends its events; sends its status at once if its headline changed from
     * {@code previous} ({@code null}: new), else leaves it for the next tick. Says whether it sent the status.
     */
    private boolean save(String targetId, Target previous, Target target, List<TargetEvent> events) {
        targets.put(targetId, target);
        analyses.put(targetId, StoredAnalysisTranslation.toStored(target.analysis()));
        sendEvents(targetId, events);
        if (previous != null && previous.definition().equals(target.definition())
                && previous.analysis().sameHeadline(target.analysis())) {
            if (!previous.analysis().equals(target.analysis())) {
                unsent.add(targetId);
            }
            return false;
        }
        unsent.remove(targetId);
        TargetStatus before = previous == null ? null : status(previous);
        TargetStatus after = status(target);
        sendStatus(targetId, after);
        sendStateChanges(targetId, before, events, after);
        if (GroupMembership.changed(before, after)) {
            context.forward(new Record<>(targetId, GroupMembership.membership(after),
                    after.getUpdatedAt().toEpochMilli()), AnalyzerTopology.GROUP_MEMBERS_SINK);
        }
        return true;
    }

    private void sendStatus(String targetId, TargetStatus status) {
        context.forward(new Record<>(targetId, status, status.getUpdatedAt().toEpochMilli()),
                AnalyzerTopology.STATUS_SINK);
    }

    /**
     * Tells the uptime buckets every state the target went through: one input can pass through several (a result
     * arriving after a silence first makes the target {@code NO_DATA} at the instant it became due), and the events
     * say when; the last is the new status's state since its {@code since}.
     */
    private void sendStateChanges(String targetId, TargetStatus before, List<TargetEvent> events, TargetStatus after) {
        TargetState state = before == null ? null : before.getState();
        for (TargetEvent event : events) {
            if (event.state() != null && event.state() != state) {
                state = event.state();
                sendStateChange(targetId, new TargetStateChange(state, event.occurredAt()));
            }
        }
        if (after.getState() != state) {
            sendStateChange(targetId, new TargetStateChange(after.getState(), after.getSince()));
        }
    }

    private void sendStateChange(String targetId, TargetStateChange change) {
        context.forward(new Record<>(targetId, change, change.at().toEpochMilli()), AnalyzerTopology.UPTIME_BUCKETS);
    }

    private void sendEvents(String targetId, List<TargetEvent> events) {
        for (TargetEvent event : events) {
            context.forward(new Record<>(targetId, MonitorTranslation.event(event), event.occurredAt().toEpochMilli()),
                    AnalyzerTopology.EVENTS_SINK);
            metrics.eventEmitted(event.type());
        }
    }
}
