package dev.healthmon.system.load;

import dev.healthmon.schemas.CheckResult;
import dev.healthmon.schemas.CheckType;
import dev.healthmon.schemas.Outcome;
import dev.healthmon.topic.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Probers in several regions, each played by a Kafka producer of its own, as real probers are separate processes:
 * real {@link CheckResult}s (Avro single-object encoding, keyed by target id, partitioned by Kafka's default
 * partitioner, {@code acks=all}, idempotent) sent at the steady pace of a {@link LoadPlan}. Results are {@code UP}
 * except inside a known {@link Outage}; targets and regions can be silenced (their probers stop) and resumed; a burst
 * adds results above the steady rate for a while. Like a prober, each keeps checking while it cannot reach the broker:
 * its results wait in a buffer of its own and are delivered, in the order they were made, once its producer has
 * reconnected, each with the time it was made. A region's probers can also be held back from delivering (a prober cut
 * off from the brokers longer than the others, or slower to reconnect): their buffers fill until released.
 *
 * <p>Each result's {@code startedAt} (and record timestamp) is the wall-clock time it was made, so an event caused
 * by a result is dated by it: detection latency is the time an event becomes readable minus its
 * {@code occurredAt}.
 */
public final class LoadGenerator implements AutoCloseable {

    /** The pacing step: the results of one interval go out in interval / TICK equal slices. */
    static final Duration TICK = Duration.ofMillis(10);

    /**
     * What was made and sent so far: made, handed to a producer, acknowledged, failed; the most a result waited from
     * being made to its acknowledgement (in a prober's buffer, then in its producer).
     */
    public record Stats(long made, long sent, long acknowledged, long failed, long burstSent, Duration maxPacingLag,
            Duration maxAcknowledgementWait, Optional<Exception> firstFailure) {
    }

    /** One burst: when it ran and how many results it added (silenced targets and regions send none). */
    public record Burst(Instant started, Instant ended, long sent) {
    }

    private record Probe(String target, String region, PlayedProber prober) {
    }

    /** One prober: its producer, the results it made and has not handed to the producer yet, its sender. */
    private final class PlayedProber {

        private final String id;
        private final KafkaProducer<String, CheckResult> producer;
        private final BlockingQueue<ProducerRecord<String, CheckResult>> buffer = new LinkedBlockingQueue<>();
        private final Thread sender;
        private volatile boolean held;

        private PlayedProber(String id, Map<String, Object> producerConfig, Topic<String, CheckResult> topic) {
            this.id = id;
            Map<String, Object> config = new HashMap<>(producerConfig);
            config.put(ProducerConfig.CLIENT_ID_CONFIG, producerConfig.getOrDefault(ProducerConfig.CLIENT_ID_CONFIG,
                    "healthmon-load-generator") + "-" + id);
            this.producer = new KafkaProducer<>(config, topic.keySerde().serializer(),
                    topic.valueSerde().serializer());
            this.sender = new Thread(this::sendBuffered, "load-generator-" + id);
            sender.setDaemon(true);
        }

        /** Hands the buffered results to the producer in order, unless held back; once closed, delivers the rest. */
        private void sendBuffered() {
            try {
                while (!closed || !buffer.isEmpty()) {
                    if (held && !closed) {
                        LockSupport.parkNanos(TICK.toNanos());
                        continue;
                    }
                    ProducerRecord<String, CheckResult> record = buffer.poll(TICK.toMillis(), TimeUnit.MILLISECONDS);
                    if (record != null) {
                        send(record);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure(e);
            }
        }

        // acknowledged() hears the outcome of every send: the future tells nothing more.
        @SuppressWarnings("FutureReturnValueIgnored")
        private void send(ProducerRecord<String, CheckResult> record) {
            long madeAt = record.timestamp();
            producer.send(record, (metadata, error) -> acknowledged(madeAt, error));
            sent.incrementAndGet();
        }
    }

    private final LoadPlan plan;
    private final String topic;
    private final Map<String, List<PlayedProber>> probersByRegion = new LinkedHashMap<>();
    private final List<List<Probe>> slots;
    private final List<Probe> probes;
    private final Map<String, List<Outage>> outages = new ConcurrentHashMap<>();
    private final Set<String> silentTargets = ConcurrentHashMap.newKeySet();
    private final Set<String> silentRegions = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService pacer;
    private final List<Thread> bursts = new CopyOnWriteArrayList<>();
    private final AtomicLong made = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong burstSent = new AtomicLong();
    private final AtomicLong maxPacingLagNanos = new AtomicLong();
    private final AtomicLong maxAcknowledgementWaitMillis = new AtomicLong();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    private final long startNanos;
    private long ticks;
    private volatile boolean closed;

    private LoadGenerator(Map<String, Object> producerConfig, Topic<String, CheckResult> topic, LoadPlan plan) {
        this.plan = plan;
        this.topic = topic.name();
        try {
            for (String region : plan.regions()) {
                List<PlayedProber> probers = new ArrayList<>();
                probersByRegion.put(region, probers);
                for (int i = 0; i < plan.probersPerRegion(); i++) {
                    probers.add(new PlayedProber("load-" + region + "-" + i, producerConfig, topic));
                }
            }
        } catch (RuntimeException e) {
            probers().forEach(prober -> prober.producer.close(Duration.ZERO));
            throw e;
        }
        // A region's probers share its targets, each target always checked by the same one.
        this.probes = plan.targets().stream().flatMap(target -> plan.regionsOf(target).stream().map(region -> {
            List<PlayedProber> probers = probersByRegion.get(region);
            return new Probe(target, region, probers.get(Math.floorMod(target.hashCode(), probers.size())));
        })).toList();
        int slotCount = (int) (plan.interval().toMillis() / TICK.toMillis());
        List<List<Probe>> slices = new ArrayList<>();
        for (int i = 0; i < slotCount; i++) {
            slices.add(new ArrayList<>());
        }
        // Consecutive probes (one target's regions) land in different slices, as independent probers would.
        for (int i = 0; i < probes.size(); i++) {
            slices.get(i % slotCount).add(probes.get(i));
        }
        this.slots = slices;
        this.pacer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "load-generator-pacer");
            thread.setDaemon(true);
            return thread;
        });
        probers().forEach(prober -> prober.sender.start());
        this.startNanos = System.nanoTime();
        pace();
    }

    // makeSlice() reports its own failure, and the pacing ends only with close(): nothing to hear from the future.
    @SuppressWarnings("FutureReturnValueIgnored")
    private void pace() {
        pacer.scheduleAtFixedRate(this::makeSlice, 0, TICK.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Starts sending the plan's results at once, each prober through a producer of its own. */
    public static LoadGenerator start(Map<String, Object> producerConfig, Topic<String, CheckResult> topic,
            LoadPlan plan) {
        return new LoadGenerator(producerConfig, topic, plan);
    }

    /**
     * A prober's producer settings (each prober's client id gets its prober id appended): acknowledged by every
     * in-sync replica, idempotent, and patient enough to ride out a broker outage of minutes without failing a send
     * (results wait in the buffer, as a prober's would).
     */
    public static Map<String, Object> producerConfig(String bootstrapServers) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "healthmon-load-generator");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // One request in flight per broker: with more, a batch that meets NOT_LEADER_OR_FOLLOWER on a partition
        // created a moment ago can be overtaken by the next one and then be refused forever as out of sequence
        // (KAFKA-15591, fixed after Kafka 4.1). Larger batches keep the throughput.
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Duration.ofMinutes(10).toMillis());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Duration.ofMinutes(10).toMillis());
        return config;
    }

    public LoadPlan plan() {
        return plan;
    }

    /** From now on the results of {@code outage.targetId()} follow this outage too. */
    public void addOutage(Outage outage) {
        if (!plan.targets().contains(outage.targetId())) {
            throw new IllegalArgumentException("Not a target of this plan: " + outage.targetId());
        }
        outages.computeIfAbsent(outage.targetId(), id -> new CopyOnWriteArrayList<>()).add(outage);
    }

    /** The probers of these targets stop, in every region; returns when the last result was sent before it. */
    public Instant silence(Collection<String> targets) {
        silentTargets.addAll(targets);
        return Instant.now();
    }

    /** Every prober of the region stops. */
    public Instant silenceRegion(String region) {
        silentRegions.add(region);
        return Instant.now();
    }

    /**
     * The probers of the region stop delivering: they go on making results, which wait in their buffers until
     * {@link #resumeDelivery}, as a prober's wait while it cannot reach the brokers. Returns when it began.
     */
    public Instant holdDelivery(String region) {
        probersByRegion.get(region).forEach(prober -> prober.held = true);
        return Instant.now();
    }

    /** The probers of the region deliver again, what they buffered first; returns when. */
    public Instant resumeDelivery(String region) {
        probersByRegion.get(region).forEach(prober -> prober.held = false);
        return Instant.now();
    }

    /** The probers of these targets start again. */
    public void resume(Collection<String> targets) {
        silentTargets.removeAll(targets);
    }

    /** The probers of the region start again. */
    public void resumeRegion(String region) {
        silentRegions.remove(region);
    }

    /**
     * For {@code length}, sends results of every target and region round-robin on top of the steady load, at
     * {@code extraPerSecond} ({@link Integer#MAX_VALUE}: as fast as the producer takes them). They follow the same
     * outages and silences as the steady results, and go to the probers' producers directly: a burst waits for the
     * broker, and sends nothing through a prober held back from delivering.
     */
    public CompletableFuture<Burst> burst(Duration length, int extraPerSecond) {
        return burst(length, extraPerSecond, () -> false);
    }

    /**
     * As {@link #burst(Duration, int)}, holding back while {@code holdBack} says so: to keep a consumer a given
     * distance behind, say, whatever its speed.
     */
    public CompletableFuture<Burst> burst(Duration length, int extraPerSecond, BooleanSupplier holdBack) {
        CompletableFuture<Burst> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            Instant started = Instant.now();
            long begin = System.nanoTime();
            long end = begin + length.toNanos();
            long count = 0;
            int next = 0;
            int skipped = 0;
            try {
                while (!closed && System.nanoTime() < end) {
                    if (holdBack.getAsBoolean()) {
                        LockSupport.parkNanos(TICK.toNanos());
                        continue;
                    }
                    if (extraPerSecond != Integer.MAX_VALUE) {
                        long wait = begin + count * 1_000_000_000L / extraPerSecond - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                            continue;
                        }
                    }
                    Probe probe = probes.get(next);
                    boolean sentOne = !probe.prober().held
                            && make(probe).map(record -> {
                                probe.prober().send(record);
                                return record;
                            }).isPresent();
                    next = (next + 1) % probes.size();
                    if (sentOne) {
                        burstSent.incrementAndGet();
                        count++;
                        skipped = 0;
                    } else if (++skipped >= probes.size()) {
                        // Every prober is silent: nothing to send until one resumes.
                        LockSupport.parkNanos(TICK.toNanos());
                        skipped = 0;
                    }
                }
                done.complete(new Burst(started, Instant.now(), count));
            } catch (RuntimeException e) {
                failure(e);
                done.completeExceptionally(e);
            }
        }, "load-generator-burst");
        thread.setDaemon(true);
        bursts.add(thread);
        thread.start();
        return done;
    }

    public Stats stats() {
        return new Stats(made.get(), sent.get(), acknowledged.get(), failed.get(), burstSent.get(),
                Duration.ofNanos(maxPacingLagNanos.get()), Duration.ofMillis(maxAcknowledgementWaitMillis.get()),
                Optional.ofNullable(firstFailure.get()));
    }

    /**
     * Stops making results, then gives the producers {@code timeout} to deliver what was made (held-back probers
     * deliver too).
     */
    public void close(Duration timeout) {
        closed = true;
        pacer.shutdownNow();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            pacer.awaitTermination(10, TimeUnit.SECONDS);
            for (Thread burst : bursts) {
                burst.join(TimeUnit.SECONDS.toMillis(10));
            }
            // The senders hand over what is buffered, then stop.
            for (PlayedProber prober : probers()) {
                prober.sender.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The producers deliver in parallel, each on its own thread; each close waits for what is left of the time.
        for (PlayedProber prober : probers()) {
            prober.sender.interrupt();
            prober.producer.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    private void makeSlice() {
        try {
            long intended = startNanos + ticks * TICK.toNanos();
            maxPacingLagNanos.accumulateAndGet(System.nanoTime() - intended, Math::max);
            for (Probe probe : slots.get((int) (ticks % slots.size()))) {
                make(probe).ifPresent(probe.prober().buffer::add);
            }
            ticks++;
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: say why the load stopped.
            failure(e);
            throw e;
        }
    }

    private List<PlayedProber> probers() {
        return probersByRegion.values().stream().flatMap(List::stream).toList();
    }

    private void acknowledged(long madeAt, Exception error) {
        if (error == null) {
            acknowledged.incrementAndGet();
            maxAcknowledgementWaitMillis.accumulateAndGet(System.currentTimeMillis() - madeAt, Math::max);
        } else {
            failure(error);
        }
    }

    /** The result a probe gives now, unless its prober is silent. */
    private Optional<ProducerRecord<String, CheckResult>> make(Probe probe) {
        if (closed || silentTargets.contains(probe.target()) || silentRegions.contains(probe.region())) {
            return Optional.empty();
        }
        long now = System.currentTimeMillis();
        Instant at = Instant.ofEpochMilli(now);
        Optional<Outage> outage = outages.getOrDefault(probe.target(), List.of()).stream()
                .filter(o -> o.covers(probe.region(), at)).findFirst();
        CheckResult.Builder result = CheckResult.newBuilder().setTargetId(probe.target()).setCheckType(CheckType.HTTP)
                .setRegion(probe.region()).setProberId(probe.prober().id).setStartedAt(at);
        if (outage.isPresent()) {
            result.setOutcome(Outcome.DOWN).setFailureKind(outage.get().kind()).setLatencyMicros(500L)
                    .setMessage("outage scheduled by the load generator");
        } else {
            result.setOutcome(Outcome.UP).setStatusCode(200)
                    .setLatencyMicros(ThreadLocalRandom.current().nextLong(2_000, 20_000));
        }
        made.incrementAndGet();
        return Optional.of(new ProducerRecord<>(topic, null, now, probe.target(), result.build()));
    }

    private void failure(Exception e) {
        failed.incrementAndGet();
        firstFailure.compareAndSet(null, e);
    }
}
