package dev.healthmon.query.api;

import dev.healthmon.contract.TargetIds;
import dev.healthmon.query.definition.InvalidRequestException;
import dev.healthmon.query.definition.Problem;
import dev.healthmon.schemas.TargetDefinition;
import dev.healthmon.schemas.TargetState;
import dev.healthmon.schemas.TargetStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The query of {@code GET /v1/targets}: a target matches when it is in the group (if given), carries every label
 * (if any) and is in one of the states (if any); pages hold {@code limit} targets after the cursor.
 */
public record TargetListFilter(String group, Map<String, String> labels, Set<TargetState> states, int limit,
        String cursor) {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    /** The filter from the query parameters, or every problem with them. */
    public static TargetListFilter parse(String group, List<String> labels, List<String> states, Integer limit,
            String cursor) {
        List<Problem> problems = new ArrayList<>();
        Map<String, String> wantedLabels = new LinkedHashMap<>();
        for (String label : labels) {
            int equals = label.indexOf('=');
            if (equals < 1) {
                problems.add(new Problem("label", "\"" + label + "\" must be key=value"));
            } else {
                wantedLabels.put(label.substring(0, equals), label.substring(equals + 1));
            }
        }
        Set<TargetState> wantedStates = EnumSet.noneOf(TargetState.class);
        for (String state : states) {
            try {
                wantedStates.add(TargetState.valueOf(state));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem("state", "\"" + state + "\" is not one of " + Arrays
                        .stream(TargetState.values()).map(Enum::name).collect(Collectors.joining(", "))));
            }
        }
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            problems.add(new Problem("limit", "must be between 1 and " + MAX_LIMIT));
        }
        if (cursor != null && !TargetIds.isValid(cursor)) {
            problems.add(new Problem("cursor", "is not a cursor this API returned"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return new TargetListFilter(group, wantedLabels, wantedStates, limit == null ? DEFAULT_LIMIT : limit,
                cursor);
    }

    public boolean matches(TargetDefinition target, TargetState state) {
        return (group == null || group.equals(target.getGroup()))
                && labels.entrySet().stream().allMatch(label -> label.getValue()
                        .equals(target.getLabels().get(label.getKey())))
                && (states.isEmpty() || states.contains(state));
    }

    /** The target's state: its status's, or before any status PAUSED when disabled and UNKNOWN otherwise. */
    public static TargetState effectiveState(TargetDefinition target, Optional<TargetStatus> status) {
        return status.map(TargetStatus::getState)
                .orElse(target.getEnabled() ? TargetState.UNKNOWN : TargetState.PAUSED);
    }
}
