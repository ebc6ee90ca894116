package dev.healthmon.analyzer.topology;

import dev.healthmon.analyzer.progress.InputProgress.CaughtUp;
import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.CheckType;
import dev.healthmon.schemas.FailureKind;
import dev.healthmon.schemas.GroupStatus;
import dev.healthmon.schemas.HealthEvent;
import dev.healthmon.schemas.HealthEventType;
import dev.healthmon.schemas.HeartbeatCheck;
import dev.healthmon.schemas.HttpCheck;
import dev.healthmon.schemas.Outcome;
import dev.healthmon.schemas.Schedule;
import dev.healthmon.schemas.TargetDefinition;
import dev.healthmon.schemas.TargetStatus;
import dev.healthmon.schemas.UptimeBucket;
import dev.healthmon.topic.TopicCatalogue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The analyzer topology in a {@link TopologyTestDriver}, with a wall clock that moves with the inputs: every input
 * happens at a second after {@link #T0}, and the wall clock is first advanced to it, which runs the punctuator as
 * it would run in production. What the analyzer sends only with its next tick (statuses whose headline did not
 * change, uptime buckets) appears after {@link #tick()}.
 *
 * <p>A driver processes every input as it is piped, so the analysis is caught up with its input, since long before
 * T0 and through the wall clock, unless a test says it is {@link #behind()}, as after a restart or under overload.
 */
final class AnalyzerDriver implements AutoCloseable {

    static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    static final Duration PUNCTUATION_INTERVAL = Duration.ofSeconds(1);

    final TopicCatalogue topics;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, TargetDefinition> targets;
    private final TestInputTopic<String, CheckResult> results;
    final TestInputTopic<byte[], byte[]> rawTargets;
    final TestInputTopic<byte[], byte[]> rawResults;
    private final TestOutputTopic<String, TargetStatus> status;
    private final TestOutputTopic<String, HealthEvent> events;
    final TestOutputTopic<byte[], byte[]> dlq;
    private final TestOutputTopic<String, UptimeBucket> uptime;
    private final Map<String, UptimeBucket> buckets = new LinkedHashMap<>();
    private final TestOutputTopic<String, GroupStatus> groups;
    private final Map<String, GroupStatus> groupStatuses = new LinkedHashMap<>();
    private final Map<String, TargetStatus> statuses = new LinkedHashMap<>();
    private final List<HealthEvent> allEvents = new ArrayList<>();
    private final boolean wallClockFollows;
    private Instant now = T0;
    private Instant wallClock = T0;
    private Instant caughtUpSince = Instant.EPOCH;

    AnalyzerDriver(Path stateDir) {
        this(stateDir, true);
    }

    /**
     * @param wallClockFollows {@code false} replays the log long after it was written, as a replay processes a day
     *        of log in a second: the wall clock stays a day after T0 whatever the inputs' times, and the analysis is
     *        behind its input, so what the wall clock says counts for nothing
     */
    AnalyzerDriver(Path stateDir, boolean wallClockFollows) {
        this(stateDir, wallClockFollows, TestAnalyzerSettings.defaults().uptimeWindows());
    }

    AnalyzerDriver(Path stateDir, UptimeWindows uptimeWindows) {
        this(stateDir, true, uptimeWindows);
    }

    private AnalyzerDriver(Path stateDir, boolean wallClockFollows, UptimeWindows uptimeWindows) {
        // One partition: the driver puts every input record in partition 0, where each key then belongs.
        this(stateDir, wallClockFollows, uptimeWindows, new TopicCatalogue(TopicCatalogue.DEFAULT_PREFIX, 1,
                (short) 1));
    }

    /**
     * With the given catalogue: with more than one partition, every input record (all in partition 0) whose key
     * belongs elsewhere is misplaced; with shared writer schemas, records of other writers' schemas are read.
     */
    AnalyzerDriver(Path stateDir, TopicCatalogue topics) {
        this(stateDir, true, TestAnalyzerSettings.defaults().uptimeWindows(), topics);
    }

    private AnalyzerDriver(Path stateDir, boolean wallClockFollows, UptimeWindows uptimeWindows,
            TopicCatalogue topics) {
        this.topics = topics;
        this.wallClockFollows = wallClockFollows;
        if (!wallClockFollows) {
            wallClock = T0.plus(Duration.ofDays(1));
            caughtUpSince = null;
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "analyzer-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // As the service runs; at-least-once would also write a checkpoint file per store after every input.
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(AnalyzerTopology.build(topics,
                new AnalyzerTopology.Settings(PUNCTUATION_INTERVAL, uptimeWindows,
                        TestAnalyzerSettings.defaults().lateResultWindow()), new AnalyzerMetrics(registry),
                partition -> Optional.ofNullable(caughtUpSince).map(since -> new CaughtUp(since, wallClock))),
                props, wallClock);
        targets = driver.createInputTopic(topics.targets().name(), Serdes.String().serializer(),
                topics.targets().valueSerde().serializer());
        results = driver.createInputTopic(topics.checkResults().name(), Serdes.String().serializer(),
                topics.checkResults().valueSerde().serializer());
        rawTargets = driver.createInputTopic(topics.targets().name(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer());
        rawResults = driver.createInputTopic(topics.checkResults().name(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer());
        status = driver.createOutputTopic(topics.status().name(), Serdes.String().deserializer(),
                topics.status().valueSerde().deserializer());
        events = driver.createOutputTopic(topics.events().name(), Serdes.String().deserializer(),
                topics.events().valueSerde().deserializer());
        dlq = driver.createOutputTopic(topics.dlq().name(), Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
        groups = driver.createOutputTopic(topics.groups().name(), Serdes.String().deserializer(),
                topics.groups().valueSerde().deserializer());
        uptime = driver.createOutputTopic(topics.uptime().name(), Serdes.String().deserializer(),
                topics.uptime().valueSerde().deserializer());
    }

    static TargetDefinition.Builder http(String id) {
        return TargetDefinition.newBuilder().setId(id).setName(id)
                .setSchedule(new Schedule(30_000L, 5_000L, 0L))
                .setCheck(HttpCheck.newBuilder().setUrl("https://" + id + ".example.com/health").build());
    }

    static TargetDefinition.Builder heartbeat(String id, Duration ttl) {
        return TargetDefinition.newBuilder().setId(id).setName(id)
                .setSchedule(new Schedule(ttl.toMillis(), 0L, 0L))
                .setCheck(new HeartbeatCheck(ttl.toMillis()));
    }

    /** Moves the inputs' time, and the wall clock with it, forward to {@code second} after T0 (never back). */
    AnalyzerDriver at(long second) {
        Instant target = T0.plusSeconds(second);
        if (target.isAfter(now)) {
            now = target;
            if (wallClockFollows && target.isAfter(wallClock)) {
                advanceWallClock(Duration.between(wallClock, target));
            }
        }
        return this;
    }

    /**
     * Lets the wall clock reach {@code instant} (never back) without moving the inputs' time: the minutes that ended
     * by then are in their hour buckets.
     */
    AnalyzerDriver wallClockAt(Instant instant) {
        if (instant.isAfter(wallClock)) {
            advanceWallClock(Duration.between(wallClock, instant));
        }
        return this;
    }

    /** Lets one punctuation interval of wall-clock time pass, without moving the inputs' time. */
    AnalyzerDriver tick() {
        advanceWallClock(PUNCTUATION_INTERVAL);
        return this;
    }

    private void advanceWallClock(Duration by) {
        // The catch-up check sees the new wall clock, as the tick it runs does.
        wallClock = wallClock.plus(by);
        driver.advanceWallClockTime(by);
    }

    /** From now on the analysis is behind its input: what the wall clock says counts for nothing. */
    AnalyzerDriver behind() {
        caughtUpSince = null;
        return this;
    }

    /** From now on the analysis has read its input to the end, since the current wall-clock instant. */
    AnalyzerDriver caughtUp() {
        caughtUpSince = wallClock;
        return this;
    }

    AnalyzerDriver define(TargetDefinition definition, long second) {
        at(second);
        targets.pipeInput(new TestRecord<>(definition.getId(), definition, now));
        return this;
    }

    AnalyzerDriver delete(String targetId, long second) {
        at(second);
        targets.pipeInput(new TestRecord<>(targetId, null, now));
        return this;
    }

    AnalyzerDriver up(String targetId, String region, long second) {
        return result(targetId, region, Outcome.UP, null, null, second);
    }

    AnalyzerDriver down(String targetId, String region, long second) {
        return result(targetId, region, Outcome.DOWN, FailureKind.CONNECTION_REFUSED, null, second);
    }

    AnalyzerDriver result(String targetId, String region, Outcome outcome, FailureKind kind, Integer exitCode,
            long second) {
        at(second);
        results.pipeInput(new TestRecord<>(targetId, checkResult(targetId, region, outcome, kind, exitCode, now),
                now));
        return this;
    }

    static CheckResult checkResult(String targetId, String region, Outcome outcome, FailureKind kind,
            Integer exitCode, Instant startedAt) {
        return CheckResult.newBuilder().setTargetId(targetId)
                .setCheckType(exitCode == null ? CheckType.HTTP : CheckType.HEARTBEAT).setOutcome(outcome)
                .setFailureKind(kind).setLatencyMicros(exitCode == null ? 1_500L : null).setRegion(region)
                .setProberId(region + "-1").setStartedAt(startedAt).setExitCode(exitCode)
                .setMessage(outcome == Outcome.DOWN ? "refused" : null).build();
    }

    /**
     * Pipes a result as it is, at its start time; the wall clock moves on to that time if it follows the inputs (a
     * result is never read before it started), but never back: late results stay late.
     */
    AnalyzerDriver result(CheckResult result) {
        if (wallClockFollows && result.getStartedAt().isAfter(wallClock)) {
            advanceWallClock(Duration.between(wallClock, result.getStartedAt()));
        }
        results.pipeInput(new TestRecord<>(result.getTargetId(), result, result.getStartedAt()));
        return this;
    }

    /** The latest value of every uptime bucket sent so far, after a {@link #tick()}, by uptime key. */
    Map<String, UptimeBucket> buckets() {
        tick();
        uptime.readRecordsToList().forEach(r -> buckets.put(r.key(), r.value()));
        return buckets;
    }

    /** Uptime records sent since the last call. */
    List<TestRecord<String, UptimeBucket>> newUptimeRecords() {
        List<TestRecord<String, UptimeBucket>> records = uptime.readRecordsToList();
        records.forEach(r -> buckets.put(r.key(), r.value()));
        return records;
    }

    /** The latest status of each target, {@code null} once tombstoned. */
    Map<String, TargetStatus> statuses() {
        status.readRecordsToList().forEach(r -> statuses.put(r.key(), r.value()));
        return statuses;
    }

    TargetStatus status(String targetId) {
        return statuses().get(targetId);
    }

    /** Status records sent since the last call. */
    List<TestRecord<String, TargetStatus>> newStatusRecords() {
        List<TestRecord<String, TargetStatus>> records = status.readRecordsToList();
        records.forEach(r -> statuses.put(r.key(), r.value()));
        return records;
    }

    /** The latest status of each group, {@code null} once tombstoned. */
    Map<String, GroupStatus> groups() {
        groups.readRecordsToList().forEach(r -> groupStatuses.put(r.key(), r.value()));
        return groupStatuses;
    }

    /** Event records sent since the last call (also kept for {@link #events()}). */
    List<TestRecord<String, HealthEvent>> newEventRecords() {
        List<TestRecord<String, HealthEvent>> records = events.readRecordsToList();
        records.forEach(r -> allEvents.add(r.value()));
        return records;
    }

    /** Every event so far, in order. */
    List<HealthEvent> events() {
        allEvents.addAll(events.readValuesToList());
        return allEvents;
    }

    List<HealthEventType> eventTypes() {
        return events().stream().map(HealthEvent::getType).toList();
    }

    HealthEvent last(HealthEventType type) {
        return events().stream().filter(e -> e.getType() == type).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("No " + type + " in " + eventTypes()));
    }

    /** Pipes a status as if another analyzer instance had published it, for the global view. */
    void publishedElsewhere(TargetStatus published) {
        driver.createInputTopic(topics.status().name(), Serdes.String().serializer(),
                topics.status().valueSerde().serializer()).pipeInput(published.getTargetId(), published, now);
    }

    double counter(String name) {
        var counter = registry.find(name).counter();
        return counter == null ? 0 : counter.count();
    }

    double counter(String name, String tag, String value) {
        var counter = registry.find(name).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }

    @Override
    public void close() {
        driver.close();
    }
}
