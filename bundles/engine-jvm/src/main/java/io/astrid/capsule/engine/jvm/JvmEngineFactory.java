package io.astrid.capsule.engine.jvm;

import io.astrid.capsule.api.engine.EngineFactory;
import io.astrid.capsule.api.engine.ExecutionEngine;
import io.astrid.capsule.api.engine.JvmEngineConfiguration;
import io.astrid.capsule.api.hook.CapsuleHook;
import io.astrid.capsule.api.host.KeyValueStore;
import io.astrid.capsule.api.host.Workspace;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.security.CapsuleSecurityGate;
import io.astrid.capsule.api.security.WorkspaceFiles;
import io.astrid.capsule.engine.support.HookRegistrar;
import java.nio.file.Path;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The {@code jvm} engine factory: a capsule whose {@code [component] entrypoint} is a jar runs in a
 * module layer of its own, built from the jars beside the entrypoint once the gate says a human
 * trusts them. It starts nothing itself: each engine's layer, providers and HTTP client are
 * released by the engine's unload, which the capsules run before this factory goes away.
 */
@Component(service = EngineFactory.class, configurationPid = JvmEngineConfiguration.PID,
    property = EngineFactory.KIND_PROPERTY + "=" + EngineFactory.JVM)
@Designate(ocd = JvmEngineFactory.Config.class)
public final class JvmEngineFactory implements EngineFactory {

  /** The key of {@link JvmEngineConfiguration}. */
  @ObjectClassDefinition(name = "Astrid capsule JVM engine",
      description = "The workspace JVM capsules' files are confined to.")
  public @interface Config {
    @AttributeDefinition(description = "the workspace capsules' files are confined to; empty: the framework"
        + " property astrid.workspace, else the directory the runtime was started in", required = false)
    String workspace() default "";
  }

  private final JvmRuntime runtime;

  @Activate
  public JvmEngineFactory(BundleContext context, @Reference CapsuleSecurityGate gate, @Reference WorkspaceFiles files,
      @Reference KeyValueStore kv, Config config) {
    this(JvmRuntime.of(gate, files, kv, Workspace.resolve(config.workspace(),
        context.getProperty(Workspace.PROPERTY)), HookRegistrar.services(context, CapsuleHook.class)));
  }

  JvmEngineFactory(JvmRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  public String kind() {
    return JVM;
  }

  @Override
  public List<ExecutionEngine> create(CapsuleManifest manifest, Path directory) {
    return manifest.component().filter(io.astrid.capsule.api.manifest.Component::isJvm).stream()
        .map(component -> (ExecutionEngine) new JvmCapsuleEngine(runtime, component)).toList();
  }
}
