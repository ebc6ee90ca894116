package dev.healthmon.query.readmodel;

import dev.healthmon.schemas.HealthEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Writes each event to the {@link QueryTopology#EVENTS_STORE} under its {@link EventKey}, in the task of the
 * partition it was read from: the events topic is keyed by subject, so the store of partition p holds exactly the
 * events of the subjects that hash to p. Events older than the retention are removed, as the topic drops them.
 */
class EventLogWriter implements Processor<String, HealthEvent, Void, Void> {

    private static final Duration PRUNE_EVERY = Duration.ofHours(1);

    private final Duration retention;
    private KeyValueStore<String, HealthEvent> events;

    EventLogWriter(Duration retention) {
        this.retention = retention;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        events = context.getStateStore(QueryTopology.EVENTS_STORE);
        context.schedule(PRUNE_EVERY, PunctuationType.WALL_CLOCK_TIME, this::prune);
    }

    @Override
    public void process(Record<String, HealthEvent> record) {
        if (record.value() != null) {
            events.put(EventKey.of(record.value()), record.value());
        }
    }

    private void prune(long now) {
        long oldest = now - retention.toMillis();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, HealthEvent> all = events.all()) {
            while (all.hasNext()) {
                KeyValue<String, HealthEvent> entry = all.next();
                if (EventKey.occurredAtMillis(entry.key) < oldest) {
                    expired.add(entry.key);
                }
            }
        }
        expired.forEach(events::delete);
    }
}
