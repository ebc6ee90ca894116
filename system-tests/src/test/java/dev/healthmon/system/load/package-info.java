/**
 * A load generator that plays probers in several regions: real {@code CheckResult}s on the check-results topic at
 * a steady pace, with known outages, silenced targets or regions, and bursts above the steady rate.
 *
 * <pre>{@code
 * LoadPlan plan = LoadPlan.of("load", 1_000, LoadPlan.THREE_REGIONS, Duration.ofSeconds(1)); // 3,000 results/s
 * Map<String, Object> config = LoadGenerator.producerConfig(bootstrap);
 * LoadTargets.register(config, topics.targets(), plan.targets().stream()
 *         .map(id -> LoadTargets.definition(id, plan).build()).toList());
 * LoadGenerator load = LoadGenerator.start(config, topics.checkResults(), plan);
 * load.addOutage(Outage.everywhere("load-0007", now.plusSeconds(5), now.plusSeconds(20)));
 * load.silence(List.of("load-0008"));
 * load.burst(Duration.ofSeconds(30), Integer.MAX_VALUE, () -> consumerLag() > 10_000).join();
 * load.close(); // delivers what was made
 * assert load.stats().acknowledged() == load.stats().made();
 * }</pre>
 *
 * <p>A result's {@code startedAt} is the moment it was made (its check, as a prober would date it), so the latency
 * of an event it caused is the time the event became readable minus the event's {@code occurredAt}.
 */
package dev.healthmon.system.load;
