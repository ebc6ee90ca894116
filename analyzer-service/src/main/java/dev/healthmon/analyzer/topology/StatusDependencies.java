package dev.healthmon.analyzer.topology;

import dev.healthmon.analyzer.monitor.DependencyStates;
import dev.healthmon.schemas.TargetState;
import dev.healthmon.schemas.TargetStatus;
import dev.healthmon.serde.AvroSerde;
import dev.healthmon.serde.MalformedRecordException;
import java.util.Optional;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The state of other targets for dependency suppression: this task's own analysis when the dependency lives in
 * the same partition (the freshest answer), else the global view of the {@code status} topic.
 */
final class StatusDependencies implements DependencyStates {

    private final DependencyStates local;
    private final ReadOnlyKeyValueStore<String, byte[]> statusView;
    private final String statusTopic;
    private final AvroSerde<TargetStatus> statusSerde;

    StatusDependencies(DependencyStates local,
            ReadOnlyKeyValueStore<String, byte[]> statusView, String statusTopic, AvroSerde<TargetStatus> statusSerde) {
        this.local = local;
        this.statusView = statusView;
        this.statusTopic = statusTopic;
        this.statusSerde = statusSerde;
    }

    @Override
    public Optional<TargetState> stateOf(String targetId) {
        Optional<TargetState> own = local.stateOf(targetId);
        if (own.isPresent()) {
            return own;
        }
        byte[] status = statusView.get(targetId);
        if (status == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(statusSerde.deserialize(statusTopic, status).getState());
        } catch (MalformedRecordException e) {
            // An unreadable status says nothing about the dependency; the incident is simply not suppressed.
            return Optional.empty();
        }
    }
}
