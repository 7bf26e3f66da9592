package io.astrid.capsule.engine.staticfiles;

import io.astrid.capsule.api.engine.EngineFactory;
import io.astrid.capsule.api.engine.ExecutionEngine;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import java.nio.file.Path;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/** The {@code static} engine factory: one engine per capsule, serving its files from memory. */
@Component(service = EngineFactory.class, property = EngineFactory.KIND_PROPERTY + "=" + EngineFactory.STATIC)
public final class StaticEngineFactory implements EngineFactory {

  @Override
  public String kind() {
    return STATIC;
  }

  @Override
  public List<ExecutionEngine> create(CapsuleManifest manifest, Path directory) {
    return List.of(new StaticEngine(manifest, directory));
  }
}
