package io.astrid.capsule.engine.staticfiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.astrid.capsule.api.engine.EngineContext;
import io.astrid.capsule.api.engine.EngineContributions;
import io.astrid.capsule.api.engine.EngineMonitor;
import io.astrid.capsule.api.engine.LoadedCommand;
import io.astrid.capsule.api.engine.LoadedContext;
import io.astrid.capsule.api.engine.LoadedSkill;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.manifest.CapsuleManifestBuilder;
import io.astrid.capsule.api.manifest.Command;
import io.astrid.capsule.api.manifest.ContextFile;
import io.astrid.capsule.api.manifest.Skill;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticEngineTest {
  @TempDir
  Path dir;

  private static CapsuleManifest manifest(List<ContextFile> context, List<Command> commands, List<Skill> skills) {
    CapsuleManifestBuilder builder = CapsuleManifest.builder("docs", "1.0.0");
    context.forEach(builder::withContextFile);
    commands.forEach(builder::withCommand);
    skills.forEach(builder::withSkill);
    return builder.build();
  }

  private EngineContext context(CapsuleManifest manifest) {
    return new EngineContext("docs", manifest, dir, ModuleLayer.empty(), EngineMonitor.IGNORE);
  }

  @Test
  void loadReadsContextSkillsAndFileBackedCommandsAndUnloadForgetsThem() throws Exception {
    Files.writeString(dir.resolve("guide.md"), "# Guide");
    Files.writeString(dir.resolve("greet.md"), "Say hello.");
    Files.writeString(dir.resolve("hello.toml"), "prompt = \"hi\"");
    CapsuleManifest manifest = manifest(List.of(new ContextFile("guide", "guide.md")),
        List.of(new Command("hello", Optional.of("Say hello"), Optional.of("hello.toml")),
            new Command("sync", Optional.empty(), Optional.empty())),
        List.of(new Skill("greet", Optional.of("Greeting"), "greet.md")));
    StaticEngine engine = new StaticEngine(manifest, dir);

    engine.load(context(manifest));

    assertEquals(new EngineContributions(List.of(), List.of(new LoadedContext("guide", "# Guide")),
        List.of(new LoadedSkill("greet", Optional.of("Greeting"), "Say hello.")),
        List.of(LoadedCommand.declarative("hello", Optional.of("Say hello"), "prompt = \"hi\""))),
        engine.contributions());
    engine.unload();
    assertEquals(EngineContributions.NONE, engine.contributions());
  }

  @Test
  void aMissingUnreadableOrEscapingFileFailsTheLoadNamingIt() throws IOException {
    Files.write(dir.resolve("binary.md"), new byte[] {(byte) 0xc3, (byte) 0x28});
    Path outside = Files.writeString(dir.resolveSibling(dir.getFileName() + "-secret.md"), "secret");
    Files.createSymbolicLink(dir.resolve("link.md"), outside);

    assertEquals("context file [gone.md]: no such file", loadFailure("gone.md"));
    assertEquals("context file [binary.md]: is not valid UTF-8", loadFailure("binary.md"));
    assertEquals("context file [link.md]: resolves outside the capsule directory", loadFailure("link.md"));
    Files.delete(outside);
  }

  private String loadFailure(String file) {
    CapsuleManifest manifest = manifest(List.of(new ContextFile("doc", file)), List.of(), List.of());
    return assertThrows(IOException.class, () -> new StaticEngine(manifest, dir).load(context(manifest)))
        .getMessage();
  }
}
