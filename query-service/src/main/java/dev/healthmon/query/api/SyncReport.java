package dev.healthmon.query.api;

import dev.healthmon.query.admin.SyncPlan;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The ids a declarative sync created, updated, deleted and left unchanged, or would have with {@code dryRun}. */
@Schema(name = "SyncReport")
public record SyncReport(String managedBy, boolean dryRun, List<String> created, List<String> updated,
        List<String> deleted, List<String> unchanged) {

    public static SyncReport of(SyncPlan plan, boolean dryRun) {
        return new SyncReport(plan.managedBy(), dryRun, plan.createdIds(), plan.updatedIds(), plan.deleted(),
                plan.unchanged());
    }
}
