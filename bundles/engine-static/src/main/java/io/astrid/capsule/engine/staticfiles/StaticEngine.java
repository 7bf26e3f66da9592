package io.astrid.capsule.engine.staticfiles;

import io.astrid.capsule.api.engine.EngineContext;
import io.astrid.capsule.api.engine.EngineContributions;
import io.astrid.capsule.api.engine.EngineFactory;
import io.astrid.capsule.api.engine.ExecutionEngine;
import io.astrid.capsule.api.engine.LoadedCommand;
import io.astrid.capsule.api.engine.LoadedContext;
import io.astrid.capsule.api.engine.LoadedSkill;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.Command;
import io.astrid.capsule.api.manifest.ContextFile;
import io.astrid.capsule.api.manifest.Skill;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a capsule's context files, skills and file-backed commands into memory at load, and
 * forgets them at unload. No VM, no process. A file that is missing, unreadable, too large, not
 * UTF-8 or (since validation) moved outside the capsule directory fails the load, naming it.
 */
final class StaticEngine implements ExecutionEngine {
  private final CapsuleManifest manifest;
  private final CapsuleFiles files;
  private volatile EngineContributions contributions = EngineContributions.NONE;

  StaticEngine(CapsuleManifest manifest, Path directory) {
    this.manifest = manifest;
    this.files = new CapsuleFiles(directory);
  }

  @Override
  public String kind() {
    return EngineFactory.STATIC;
  }

  @Override
  public String name() {
    return EngineFactory.STATIC;
  }

  @Override
  public void load(EngineContext context) throws IOException {
    List<LoadedContext> documents = new ArrayList<>();
    for (ContextFile file : manifest.contextFiles()) {
      documents.add(new LoadedContext(file.name(), files.read("context file", file.file())));
    }
    List<LoadedSkill> skills = new ArrayList<>();
    for (Skill skill : manifest.skills()) {
      skills.add(new LoadedSkill(skill.name(), skill.description(), files.read("skill", skill.file())));
    }
    List<LoadedCommand> commands = new ArrayList<>();
    for (Command command : manifest.commands()) {
      if (command.file().isPresent()) {
        String definition = files.read("command", command.file().get());
        commands.add(LoadedCommand.declarative(command.name(), command.description(), definition));
      }
    }
    contributions = new EngineContributions(List.of(), documents, skills, commands);
  }

  @Override
  public EngineContributions contributions() {
    return contributions;
  }

  @Override
  public void unload() {
    contributions = EngineContributions.NONE;
  }
}
