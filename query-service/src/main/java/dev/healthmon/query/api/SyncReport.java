package dev.healthmon.query.api;

import dev.healthmon.query.admin.SyncPlan;
import java.util.List;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The ids a declarative sync created, updated, deleted and left unchanged, or would have with {@code dryRun}. */
@Schema(name = "SyncReport")
public record SyncReport(String managedBy, boolean dryRun, List<String> created, List<String> updated,
        List<String> deleted, List<String> unchanged) {

    public static SyncReport of(SyncPlan plan, boolean dryRun) {
        return new SyncReport(plan.managedBy(), dryRun, plan.createdIds(), plan.updatedIds(), plan.deleted(),
                plan.unchanged());
    }

    /** The report of a sync done in shares by several instances, each of its own targets: ids in order. */
    public static SyncReport merge(String managedBy, boolean dryRun, List<SyncReport> shares) {
        return new SyncReport(managedBy, dryRun, merged(shares, SyncReport::created),
                merged(shares, SyncReport::updated), merged(shares, SyncReport::deleted),
                merged(shares, SyncReport::unchanged));
    }

    private static List<String> merged(List<SyncReport> shares, Function<SyncReport, List<String>> ids) {
        return shares.stream().flatMap(share -> ids.apply(share).stream()).sorted().toList();
    }
}
