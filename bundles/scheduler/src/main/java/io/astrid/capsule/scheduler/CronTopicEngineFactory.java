package io.astrid.capsule.scheduler;

import io.astrid.capsule.api.engine.EngineFactory;
import io.astrid.capsule.api.engine.ExecutionEngine;
import io.astrid.capsule.api.host.CronScheduler;
import io.astrid.capsule.api.host.MessageBus;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import java.nio.file.Path;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code cron} engine factory: for a capsule with {@code [[cron]]} jobs and no
 * {@code [component]} to trigger, one engine that publishes each job's action as an IPC topic.
 */
@Component(service = EngineFactory.class, property = EngineFactory.KIND_PROPERTY + "=" + EngineFactory.CRON)
public final class CronTopicEngineFactory implements EngineFactory {
  private final CronScheduler scheduler;
  private final MessageBus bus;

  @Activate
  public CronTopicEngineFactory(@Reference CronScheduler scheduler, @Reference MessageBus bus) {
    this.scheduler = scheduler;
    this.bus = bus;
  }

  @Override
  public String kind() {
    return CRON;
  }

  @Override
  public List<ExecutionEngine> create(CapsuleManifest manifest, Path directory) {
    return List.of(new CronTopicEngine(manifest, scheduler, bus));
  }
}
