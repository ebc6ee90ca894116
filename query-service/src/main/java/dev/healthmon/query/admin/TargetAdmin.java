package dev.healthmon.query.admin;

import dev.healthmon.contract.TargetIds;
import dev.healthmon.query.definition.InvalidRequestException;
import dev.healthmon.query.definition.Problem;
import dev.healthmon.query.definition.RepresentationTranslation;
import dev.healthmon.query.definition.TargetDocument;
import dev.healthmon.query.definition.TargetParser.Parsed;
import dev.healthmon.query.definition.TargetRepresentation;
import dev.healthmon.query.definition.TargetValidator;
import dev.healthmon.query.publish.TargetPublisher;
import dev.healthmon.query.publish.TargetPublisher.TargetWrite;
import dev.healthmon.query.readmodel.ReadModel;
import dev.healthmon.schemas.TargetDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The target admin operations: validate, compare with the read model, write to Kafka. Every write has been
 * acknowledged by Kafka when a method returns; the read model catches up asynchronously.
 */
@ApplicationScoped
public class TargetAdmin {

    private final ReadModel readModel;
    private final TargetPublisher publisher;

    public TargetAdmin(ReadModel readModel, TargetPublisher publisher) {
        this.readModel = readModel;
        this.publisher = publisher;
    }

    /** What a create-or-replace wrote, and whether the target is new. */
    public record PutResult(TargetDefinition definition, boolean created) {
    }

    /**
     * Throws every problem of a create-or-replace that can be found without the stored targets, so that a bad
     * request is refused wherever it arrives, before it is routed to the target's owner.
     */
    public static void validate(String id, Parsed<TargetRepresentation> parsed) {
        List<Problem> problems = new ArrayList<>();
        if (!TargetIds.isValid(id)) {
            problems.add(new Problem("id", "the id in the URL must match " + TargetIds.REGEX));
        }
        problems.addAll(withValidation(parsed, target -> TargetValidator.validate(target, id, "")));
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
    }

    /** Creates or replaces the target {@code id}. */
    public PutResult put(String id, Parsed<TargetRepresentation> parsed) {
        validate(id, parsed);
        Optional<TargetDefinition> current = readModel.target(id);
        TargetDefinition definition = RepresentationTranslation.restoreRedactedSecrets(
                RepresentationTranslation.toDefinition(parsed.value(), id), current.orElse(null));
        List<Problem> secretProblems = missingSecrets(definition, "");
        if (!secretProblems.isEmpty()) {
            throw new InvalidRequestException(secretProblems);
        }
        publisher.publish(List.of(TargetWrite.put(definition)));
        return new PutResult(definition, current.isEmpty());
    }

    public void delete(String id) {
        if (readModel.target(id).isEmpty()) {
            throw new UnknownTargetException(id);
        }
        publisher.publish(List.of(TargetWrite.delete(id)));
    }

    /** Pauses ({@code false}) or resumes ({@code true}) the target; writes nothing when it already is. */
    public TargetDefinition setEnabled(String id, boolean enabled) {
        TargetDefinition current = readModel.target(id).orElseThrow(() -> new UnknownTargetException(id));
        if (current.getEnabled() == enabled) {
            return current;
        }
        TargetDefinition changed = TargetDefinition.newBuilder(current).setEnabled(enabled).build();
        publisher.publish(List.of(TargetWrite.put(changed)));
        return changed;
    }

    /** Throws every problem of a sync document that can be found without the stored targets. */
    public static void validate(Parsed<TargetDocument> parsed) {
        List<Problem> problems = withValidation(parsed, TargetValidator::validate);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
    }

    /**
     * Makes the targets managed by the document's owner exactly the document's, for the targets this instance owns
     * ({@code ownedHere}, by id): the targets it stores, and the document's targets that it would store. Each
     * instance does its share; with {@code dryRun}, writes nothing.
     */
    public SyncPlan sync(Parsed<TargetDocument> parsed, boolean dryRun, Predicate<String> ownedHere) {
        validate(parsed);
        List<Problem> problems = new ArrayList<>();
        TargetDocument document = parsed.value();
        List<TargetDefinition> current = readModel.targets(target -> true);
        Map<String, TargetDefinition> currentById = current.stream()
                .collect(Collectors.toMap(TargetDefinition::getId, Function.identity()));
        List<TargetDefinition> desired = new ArrayList<>();
        for (int i = 0; i < document.targets().size(); i++) {
            TargetRepresentation target = document.targets().get(i);
            if (!ownedHere.test(target.id())) {
                continue;
            }
            TargetDefinition definition = labelled(RepresentationTranslation.toDefinition(target, target.id()), document.managedBy());
            definition = RepresentationTranslation.restoreRedactedSecrets(definition, currentById.get(target.id()));
            problems.addAll(missingSecrets(definition, "targets[" + i + "]."));
            desired.add(definition);
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        SyncPlan plan = SyncPlan.between(document.managedBy(), desired, current);
        if (!dryRun) {
            publisher.publish(plan.writes());
        }
        return plan;
    }

    /**
     * The problems of reading the body and, when it could be read, of validating it; a field already reported by the
     * reading (a value of the wrong type, dropped) is not reported again by the validation (as missing).
     */
    private static <T> List<Problem> withValidation(Parsed<T> parsed, Function<T, List<Problem>> validation) {
        List<Problem> problems = new ArrayList<>(parsed.problems());
        if (parsed.value() != null) {
            Set<String> reported = parsed.problems().stream().map(Problem::field).collect(Collectors.toSet());
            validation.apply(parsed.value()).stream().filter(problem -> !reported.contains(problem.field()))
                    .forEach(problems::add);
        }
        return problems;
    }

    private static TargetDefinition labelled(TargetDefinition definition, String managedBy) {
        Map<String, String> labels = new TreeMap<>(definition.getLabels());
        labels.put(TargetDocument.MANAGED_BY_LABEL, managedBy);
        return TargetDefinition.newBuilder(definition).setLabels(labels).build();
    }

    private static List<Problem> missingSecrets(TargetDefinition definition, String path) {
        return RepresentationTranslation.redactedSecretHeaders(definition).stream()
                .map(index -> new Problem(path + "http.headers[" + index + "].value", "is " + RepresentationTranslation.REDACTED
                        + " but the stored target has no secret header of that name to keep; give the value"))
                .toList();
    }
}
