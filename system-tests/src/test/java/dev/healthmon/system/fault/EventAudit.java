package dev.healthmon.system.fault;

import dev.healthmon.schemas.CloseReason;
import dev.healthmon.schemas.HealthEvent;
import dev.healthmon.schemas.HealthEventType;
import dev.healthmon.system.load.Outage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the events of a fault case must be, given what the probers really did: no event twice; nothing about a
 * target whose results never stopped; exactly one incident for a failing target, opened near the start of its
 * outage and closed after its end, with nothing else but properly paired circuit periods; exactly one
 * {@code NO_DATA} for a target whose probers stopped, dated when its regions went stale.
 */
final class EventAudit {

    private static final Set<HealthEventType> CIRCUIT = EnumSet.of(HealthEventType.CIRCUIT_OPENED,
            HealthEventType.CIRCUIT_HALF_OPENED, HealthEventType.CIRCUIT_REOPENED, HealthEventType.CIRCUIT_CLOSED);
    // How far an event may be from the instant the truth puts it at: the pace of the results (1 s), the thresholds
    // (2 results) and the generator's own pacing lag (up to 3 s on a busy machine, FaultCase.finish).
    private static final Duration SLACK = Duration.ofSeconds(5);

    private final List<String> violations = new ArrayList<>();

    private EventAudit() {
    }

    /**
     * The violations, each a line saying which target, what was expected and what came; empty when the events are
     * true. {@code allEvents} are all events read since the case began (for duplicates); the rest concern the
     * case's targets.
     */
    static List<String> violations(Collection<HealthEvent> allEvents, FaultCase.Truth truth,
            Map<String, List<HealthEvent>> eventsByTarget) {
        EventAudit audit = new EventAudit();
        audit.noDuplicateIds(allEvents);
        truth.healthy().forEach(id -> audit.nothing(id, eventsByTarget.getOrDefault(id, List.of())));
        truth.outages().forEach(o -> audit.oneIncident(o, eventsByTarget.getOrDefault(o.targetId(), List.of())));
        truth.silencedAt().forEach((id, at) -> audit.oneNoData(id, at, truth.staleAfter(),
                eventsByTarget.getOrDefault(id, List.of())));
        return audit.violations;
    }

    private void noDuplicateIds(Collection<HealthEvent> events) {
        Set<String> seen = new HashSet<>();
        events.stream().map(HealthEvent::getEventId).filter(id -> !seen.add(id)).distinct()
                .forEach(id -> violations.add("event id " + id + " was sent more than once"));
    }

    private void nothing(String target, List<HealthEvent> events) {
        if (!events.isEmpty()) {
            violations.add(target + " (results never stopped, never failed) got " + describe(events));
        }
    }

    private void oneIncident(Outage outage, List<HealthEvent> events) {
        String target = outage.targetId();
        List<HealthEvent> incident = events.stream().filter(e -> !CIRCUIT.contains(e.getType())).toList();
        if (incident.size() != 2 || incident.get(0).getType() != HealthEventType.TARGET_DOWN
                || incident.get(1).getType() != HealthEventType.TARGET_UP
                || !incident.get(0).getPeriodId().equals(incident.get(1).getPeriodId())
                || incident.get(1).getCloseReason() != CloseReason.RECOVERED) {
            violations.add(target + " (failing " + outage.from() + " .. " + outage.until()
                    + ") should have one incident, TARGET_DOWN then TARGET_UP with its id, and nothing else but"
                    + " circuit events; got " + describe(incident));
            return;
        }
        Instant down = incident.get(0).getOccurredAt();
        Instant up = incident.get(1).getOccurredAt();
        if (down.isBefore(outage.from()) || down.isAfter(outage.from().plus(SLACK))) {
            violations.add(target + " went DOWN at " + down + ", its outage began at " + outage.from());
        }
        if (up.isBefore(outage.until()) || up.isAfter(outage.until().plus(SLACK))) {
            violations.add(target + " came back UP at " + up + ", its outage ended at " + outage.until());
        }
        circuitPairs(target, events.stream().filter(e -> CIRCUIT.contains(e.getType())).toList());
    }

    /** Each circuit period: opened, then half-opened and reopened in turn, closed last, under one id. */
    private void circuitPairs(String target, List<HealthEvent> circuit) {
        Map<String, List<HealthEventType>> periods = new LinkedHashMap<>();
        circuit.forEach(e -> periods.computeIfAbsent(e.getPeriodId(), id -> new ArrayList<>()).add(e.getType()));
        periods.forEach((id, types) -> {
            boolean paired = types.size() >= 2 && types.get(0) == HealthEventType.CIRCUIT_OPENED
                    && types.get(types.size() - 1) == HealthEventType.CIRCUIT_CLOSED;
            for (int i = 1; paired && i < types.size() - 1; i++) {
                HealthEventType expected = i % 2 == 1 ? HealthEventType.CIRCUIT_HALF_OPENED
                        : HealthEventType.CIRCUIT_REOPENED;
                paired = types.get(i) == expected;
            }
            if (!paired) {
                violations.add(target + " circuit period " + id + " is not opened, half-opened/reopened in turn"
                        + " and closed: " + types);
            }
        });
    }

    private void oneNoData(String target, Instant silencedAt, Duration staleAfter, List<HealthEvent> events) {
        if (events.size() != 1 || events.get(0).getType() != HealthEventType.NO_DATA) {
            violations.add(target + " (probers stopped at " + silencedAt + ") should have exactly one NO_DATA; got "
                    + describe(events));
            return;
        }
        // Stale once staleAfter has passed since its last result, sent within the interval before the silence.
        Instant due = silencedAt.plus(staleAfter);
        Instant at = events.get(0).getOccurredAt();
        if (at.isBefore(due.minus(SLACK)) || at.isAfter(due.plus(SLACK))) {
            violations.add(target + " went NO_DATA at " + at + ", due about " + due);
        }
    }

    private static String describe(List<HealthEvent> events) {
        return events.isEmpty() ? "no event" : events.stream()
                .map(e -> e.getType() + "@" + e.getOccurredAt() + "[" + e.getPeriodId() + "]")
                .collect(Collectors.joining(", "));
    }

    /**
     * A short account of many violations: the count, events about healthy targets by type, the first few violations
     * of each kind of target, and for the first of them every event read, also after the case's cut.
     */
    static String summary(List<String> violations, Map<String, List<HealthEvent>> eventsByTarget,
            Collection<String> healthy, Map<String, List<HealthEvent>> uncut, Instant cut) {
        Map<HealthEventType, Integer> falseEvents = new HashMap<>();
        healthy.forEach(id -> eventsByTarget.getOrDefault(id, List.of())
                .forEach(e -> falseEvents.merge(e.getType(), 1, Integer::sum)));
        Map<String, List<String>> byKind = violations.stream().collect(Collectors.groupingBy(
                v -> v.contains("-healthy-") ? "healthy" : v.contains("-failing-") ? "failing"
                        : v.contains("-silenced-") ? "silenced" : "other", LinkedHashMap::new, Collectors.toList()));
        StringBuilder text = new StringBuilder(violations.size() + " violations; events about targets whose results"
                + " never stopped, by type: " + falseEvents + "; cut at " + cut);
        byKind.forEach((kind, lines) -> {
            text.append("\n").append(kind).append(" (").append(lines.size()).append("):");
            lines.stream().limit(4).forEach(line -> text.append("\n  ").append(line));
            String first = lines.get(0).split(" ", 2)[0];
            text.append("\n  every event of ").append(first).append(" read: ")
                    .append(describe(uncut.getOrDefault(first, List.of())));
        });
        return text.toString();
    }
}
