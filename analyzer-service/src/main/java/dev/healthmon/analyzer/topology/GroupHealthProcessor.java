package dev.healthmon.analyzer.topology;

import dev.healthmon.analyzer.group.GroupEvent;
import dev.healthmon.analyzer.group.GroupHealth;
import dev.healthmon.analyzer.group.GroupPeriods;
import dev.healthmon.analyzer.store.StoredGroupPeriods;
import dev.healthmon.schemas.GroupStatus;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Takes each new aggregate of a group, publishes it to {@code groups} (a tombstone once no member is left) and pairs
 * its periods of trouble into events on {@code events}, keyed by group name. Times are the aggregate's record
 * timestamp: the latest status time of the member change that produced it.
 */
final class GroupHealthProcessor implements Processor<String, GroupStatus, String, Object> {

    private final AnalyzerMetrics metrics;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, StoredGroupPeriods> periods;

    GroupHealthProcessor(AnalyzerMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        periods = context.getStateStore(AnalyzerTopology.GROUP_PERIODS_STORE);
    }

    @Override
    public void process(Record<String, GroupStatus> record) {
        String group = record.key();
        Instant at = Instant.ofEpochMilli(record.timestamp());
        GroupHealth health = record.value() == null ? GroupHealth.empty(group)
                : GroupTranslation.health(group, record.value());
        StoredGroupPeriods stored = periods.get(group);
        GroupPeriods before = stored == null ? GroupPeriods.start(group) : GroupTranslation.fromStored(stored);
        GroupPeriods.Step step = health.isEmpty() ? before.onEmptied(at) : before.onState(health.state(), at);
        periods.put(group, GroupTranslation.toStored(step.periods()));
        for (GroupEvent event : step.events()) {
            context.forward(new Record<>(group, GroupTranslation.event(event), record.timestamp()),
                    AnalyzerTopology.GROUP_EVENTS_SINK);
            metrics.eventEmitted(event.type());
        }
        context.forward(new Record<>(group, health.isEmpty() ? null : GroupTranslation.status(health, at),
                record.timestamp()), AnalyzerTopology.GROUPS_SINK);
    }
}
