package io.astrid.capsule.scheduler;

import io.astrid.capsule.api.engine.EngineContext;
import io.astrid.capsule.api.engine.EngineContributions;
import io.astrid.capsule.api.engine.EngineFactory;
import io.astrid.capsule.api.engine.ExecutionEngine;
import io.astrid.capsule.api.host.CronScheduler;
import io.astrid.capsule.api.host.CronScheduler.ScheduledJob;
import io.astrid.capsule.api.host.MessageBus;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.CronJob;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code [[cron]]} jobs of a capsule without a WebAssembly component: at each due time the job's
 * {@code action}, namespaced by the capsule, is published by the runtime on
 * {@code astrid.cron.CAPSULE.ACTION} with {@code {"job", "schedule", "capsule", "fired_at"}} as
 * payload, for whichever capsule subscribed to it. The runtime's namespace is one no capsule can
 * publish in, so no capsule can fake another's job (issue 18).
 * The jobs belong to this instance of the capsule: a new version schedules its own, which replace
 * these, and unloading cancels only jobs not replaced since.
 */
final class CronTopicEngine implements ExecutionEngine {
  private final CapsuleManifest manifest;
  private final CronScheduler scheduler;
  private final MessageBus bus;
  private final Clock clock;
  private final List<ScheduledJob> scheduled = new ArrayList<>();

  CronTopicEngine(CapsuleManifest manifest, CronScheduler scheduler, MessageBus bus) {
    this(manifest, scheduler, bus, Clock.systemUTC());
  }

  CronTopicEngine(CapsuleManifest manifest, CronScheduler scheduler, MessageBus bus, Clock clock) {
    this.manifest = manifest;
    this.scheduler = scheduler;
    this.bus = bus;
    this.clock = clock;
  }

  @Override
  public String kind() {
    return EngineFactory.CRON;
  }

  @Override
  public String name() {
    return EngineFactory.CRON;
  }

  /** Schedules every job; an action that cannot be a topic fails the load before any is scheduled. */
  @Override
  public void load(EngineContext context) {
    for (CronJob job : manifest.cronJobs()) {
      if (!MessageBus.isTopic(job.action())) {
        throw new IllegalArgumentException("[[cron]] \"" + job.name() + "\": action [" + job.action() + "] is not an"
            + " IPC topic (no wildcard, no space): without a [component], a cron job publishes its action on the bus");
      }
    }
    String capsuleId = context.capsuleId();
    for (CronJob job : manifest.cronJobs()) {
      scheduled.add(scheduler.schedule(capsuleId, job.name(), job.schedule(), () -> publish(capsuleId, job)));
    }
  }

  /** Published as {@code job}'s action; the fields need no escaping: names and schedules were validated. */
  private void publish(String capsuleId, CronJob job) {
    String payload = "{\"job\":\"" + job.name() + "\",\"schedule\":\"" + job.schedule() + "\",\"capsule\":\""
        + capsuleId + "\",\"fired_at\":\"" + clock.instant() + "\"}";
    bus.publishSystem(topic(capsuleId, job.action()), payload.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code cron.CAPSULE.ACTION}: the action as the capsule would publish it, below the runtime's {@code cron}. */
  static String topic(String capsuleId, String action) {
    return "cron." + MessageBus.namespaced(capsuleId, action);
  }

  @Override
  public EngineContributions contributions() {
    return EngineContributions.NONE;
  }

  @Override
  public void unload() {
    scheduled.forEach(ScheduledJob::cancel);
    scheduled.clear();
  }
}
