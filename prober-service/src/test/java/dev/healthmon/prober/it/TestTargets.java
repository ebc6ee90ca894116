package dev.healthmon.prober.it;

import dev.healthmon.schemas.HeartbeatCheck;
import dev.healthmon.schemas.HttpCheck;
import dev.healthmon.schemas.Schedule;
import dev.healthmon.schemas.TargetDefinition;
import java.util.List;

/** Target definitions for the integration tests. */
final class TestTargets {

    private TestTargets() {
    }

    static TargetDefinition.Builder http(String id, String url, long intervalMs) {
        return TargetDefinition.newBuilder().setId(id).setName(id)
                .setSchedule(new Schedule(intervalMs, Math.min(intervalMs, 2_000), 0L))
                .setCheck(HttpCheck.newBuilder().setUrl(url).build());
    }

    static TargetDefinition heartbeat(String id) {
        return TargetDefinition.newBuilder().setId(id).setName(id).setSchedule(new Schedule(1_000L, 1_000L, 0L))
                .setCheck(new HeartbeatCheck(1_000L)).setRegions(List.of()).build();
    }
}
