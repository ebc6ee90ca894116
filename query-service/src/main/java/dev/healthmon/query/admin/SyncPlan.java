package dev.healthmon.query.admin;

import dev.healthmon.query.definition.RepresentationTranslation;
import dev.healthmon.query.definition.RepresentationTranslation.Secrets;
import dev.healthmon.query.definition.TargetDocument;
import dev.healthmon.query.publish.TargetPublisher.TargetWrite;
import dev.healthmon.schemas.TargetDefinition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a declarative sync changes: the targets of the document that do not exist yet (created), that exist with
 * another definition (updated; this includes adopting a target that had another owner or none), that exist as they
 * are (unchanged), and the existing targets with the same {@code managed-by} label that the document no longer lists
 * (deleted). Id lists are sorted.
 */
public record SyncPlan(String managedBy, List<TargetDefinition> created, List<TargetDefinition> updated,
        List<String> deleted, List<String> unchanged) {

    /**
     * The plan that turns {@code current} (every existing target) into {@code desired} (the document's targets,
     * already labelled with {@code managedBy}).
     */
    public static SyncPlan between(String managedBy, Collection<TargetDefinition> desired,
            Collection<TargetDefinition> current) {
        Map<String, TargetDefinition> existing = current.stream()
                .collect(Collectors.toMap(TargetDefinition::getId, Function.identity()));
        List<TargetDefinition> created = new ArrayList<>();
        List<TargetDefinition> updated = new ArrayList<>();
        Set<String> unchanged = new TreeSet<>();
        Set<String> desiredIds = new TreeSet<>();
        for (TargetDefinition target : desired) {
            desiredIds.add(target.getId());
            TargetDefinition before = existing.get(target.getId());
            if (before == null) {
                created.add(target);
            } else if (same(before, target)) {
                unchanged.add(target.getId());
            } else {
                updated.add(target);
            }
        }
        Set<String> deleted = new TreeSet<>();
        for (TargetDefinition target : current) {
            if (managedBy.equals(target.getLabels().get(TargetDocument.MANAGED_BY_LABEL))
                    && !desiredIds.contains(target.getId())) {
                deleted.add(target.getId());
            }
        }
        return new SyncPlan(managedBy, sortedById(created), sortedById(updated), List.copyOf(deleted),
                List.copyOf(unchanged));
    }

    /** The writes that carry the plan out: deletions first, then creations and updates. */
    public List<TargetWrite> writes() {
        List<TargetWrite> writes = new ArrayList<>();
        deleted.forEach(id -> writes.add(TargetWrite.delete(id)));
        created.forEach(target -> writes.add(TargetWrite.put(target)));
        updated.forEach(target -> writes.add(TargetWrite.put(target)));
        return writes;
    }

    public List<String> createdIds() {
        return created.stream().map(TargetDefinition::getId).toList();
    }

    public List<String> updatedIds() {
        return updated.stream().map(TargetDefinition::getId).toList();
    }

    // Compared through the representation: it holds plain Java strings and collections whatever the Avro decoder
    // produced, and it is what the operator sees.
    private static boolean same(TargetDefinition a, TargetDefinition b) {
        return RepresentationTranslation.toRepresentation(a, Secrets.REVEAL).equals(RepresentationTranslation.toRepresentation(b, Secrets.REVEAL));
    }

    private static List<TargetDefinition> sortedById(List<TargetDefinition> targets) {
        return targets.stream().sorted((a, b) -> a.getId().compareTo(b.getId())).toList();
    }
}
